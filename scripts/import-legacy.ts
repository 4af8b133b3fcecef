import fs from 'node:fs';
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { LEGACY_BATCH_MAX } from '../cloudfunctions/shared/domain/legacy';
import { LegacyFileError, readLegacyCsv, type LegacyFile } from './lib/legacy-csv';
import { formatSummary, ImportInterrupted, runLegacyImport } from './lib/legacy-import';
import { DEMO_ACCOUNTS } from './lib/seed';
import { httpStaffClient } from './lib/staff-client';

/**
 * `npm run import:legacy -- <file.csv> [--url …] [--openid …] [--batch …]`: carries an old pass system's
 * export (南海通行证 and the like) over through the staff function. Running it again changes nothing.
 * Exit codes: 0 the run completed (rejected rows included), 1 the file or the service failed, 2 usage.
 */

const EXIT_COMPLETED = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const DEFAULT_URL = 'http://127.0.0.1:8787';
const DEFAULT_BATCH = 200;
const DEMO_STAFF_OPENID = DEMO_ACCOUNTS.find((account) => account.role === 'staff')?.openid ?? '';

interface Options {
  url: string;
  openid: string;
  batch: number;
}

function batchSize(value: string): number {
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > LEGACY_BATCH_MAX) throw new InvalidArgumentError(`应为 1 到 ${LEGACY_BATCH_MAX} 之间的整数`);
  return size;
}

function httpUrl(value: string): string {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) throw new InvalidArgumentError('应为 http(s) 地址，例如 http://127.0.0.1:8787');
  return value;
}

function parseArguments(argv: readonly string[]): { file: string; options: Options } {
  const program = new Command()
    .name('npm run import:legacy --')
    .description('把旧系统（如南海通行证）导出的 CSV 转入通行证系统；重复运行不会重复转入。')
    .argument('<file>', 'CSV 文件，表头为 姓名,身份证号码,原通行证编号,状态[,发证日期] 或 name,id_number,legacy_number,status[,issued_on]')
    .option('--url <url>', '本地运行时的地址', httpUrl, DEFAULT_URL)
    .option('--openid <openid>', '以哪个工作人员（或管理员）的微信账号导入', DEMO_STAFF_OPENID)
    .option('--batch <size>', `每次调用转入的行数（1 到 ${LEGACY_BATCH_MAX}）`, batchSize, DEFAULT_BATCH)
    .showHelpAfterError('（用 --help 查看用法）')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  return { file: program.args[0], options: program.opts<Options>() };
}

function readFile(file: string): LegacyFile {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EACCES' ? '没有读取权限' : code === 'EISDIR' ? '这是一个文件夹' : String(error);
    throw new LegacyFileError(`无法读取 ${path.resolve(file)}：${why}`);
  }
  return readLegacyCsv(bytes);
}

/** A bar on a terminal; plain lines in a log or a pipe, where a redrawn bar would be noise. */
function progressReporter(stream: NodeJS.WriteStream): { update(done: number, total: number): void; stop(): void } {
  if (stream.isTTY) {
    const bar = new SingleBar({ format: '转入 [{bar}] {value}/{total} 行', stream, hideCursor: true }, Presets.shades_classic);
    let started = false;
    return {
      update(done, total) {
        if (!started) bar.start(total, done);
        else bar.update(done);
        started = true;
      },
      stop: () => bar.stop(),
    };
  }
  return { update: (done, total) => stream.write(`已处理 ${done}/${total} 行\n`), stop: () => undefined };
}

export async function main(argv: readonly string[]): Promise<number> {
  let file: string;
  let options: Options;
  try {
    ({ file, options } = parseArguments(argv));
  } catch (error) {
    // Commander has printed the problem (or the help) already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_COMPLETED : EXIT_USAGE;
    throw error;
  }

  let legacyFile: LegacyFile;
  try {
    legacyFile = readFile(file);
  } catch (error) {
    if (!(error instanceof LegacyFileError)) throw error;
    console.error(error.message);
    return EXIT_FAILED;
  }

  const client = httpStaffClient({ url: options.url, openid: options.openid });
  const progress = progressReporter(process.stderr);
  try {
    const summary = await runLegacyImport(legacyFile, client, options.batch, progress.update);
    progress.stop();
    console.log(formatSummary(summary));
    return EXIT_COMPLETED;
  } catch (error) {
    progress.stop();
    if (!(error instanceof ImportInterrupted)) throw error;
    console.error(`导入中断：${error.message}`);
    console.error('重新运行同一命令是安全的：已转入的行会显示为“未变更”。');
    console.log(formatSummary(error.summary));
    return EXIT_FAILED;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = EXIT_FAILED;
    },
  );
}
