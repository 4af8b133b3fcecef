import { Command, CommanderError } from 'commander';
import { LEGACY_BATCH_MAX } from '../cloudfunctions/shared/domain/legacy';
import { EXIT, httpUrl, InputFileError, integerUpTo, readInputFile, reportRun, runAsScript } from './lib/cli';
import { readLegacyCsv, type LegacyFile } from './lib/legacy-csv';
import { formatSummary, runLegacyImport } from './lib/legacy-import';
import { DEMO_ACCOUNTS } from './lib/seed';
import { httpStaffClient } from './lib/staff-client';

/**
 * `npm run import:legacy -- <file.csv> [--url …] [--openid …] [--batch …]`: carries an old pass system's
 * export (南海通行证 and the like) over through the staff function. Running it again changes nothing.
 * Exit codes: 0 the run completed (rejected rows included), 1 the file or the service failed, 2 usage.
 */

const DEFAULT_URL = 'http://127.0.0.1:8787';
const DEFAULT_BATCH = 200;
const DEMO_STAFF_OPENID = DEMO_ACCOUNTS.find((account) => account.role === 'staff')?.openid ?? '';

interface Options {
  url: string;
  openid: string;
  batch: number;
}

function parseArguments(argv: readonly string[]): { file: string; options: Options } {
  const program = new Command()
    .name('npm run import:legacy --')
    .description('把旧系统（如南海通行证）导出的 CSV 转入通行证系统；重复运行不会重复转入。')
    .argument('<file>', 'CSV 文件，表头为 姓名,身份证号码,原通行证编号,状态[,发证日期] 或 name,id_number,legacy_number,status[,issued_on]')
    .option('--url <url>', '本地运行时的地址', httpUrl, DEFAULT_URL)
    .option('--openid <openid>', '以哪个工作人员（或管理员）的微信账号导入', DEMO_STAFF_OPENID)
    .option('--batch <size>', `每次调用转入的行数（1 到 ${LEGACY_BATCH_MAX}）`, integerUpTo(LEGACY_BATCH_MAX), DEFAULT_BATCH)
    .showHelpAfterError('（用 --help 查看用法）')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  return { file: program.args[0], options: program.opts<Options>() };
}

export async function main(argv: readonly string[]): Promise<number> {
  let file: string;
  let options: Options;
  try {
    ({ file, options } = parseArguments(argv));
  } catch (error) {
    // Commander has printed the problem (or the help) already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.completed : EXIT.usage;
    throw error;
  }

  let legacyFile: LegacyFile;
  try {
    legacyFile = readLegacyCsv(readInputFile(file));
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    console.error(error.message);
    return EXIT.failed;
  }

  const client = httpStaffClient({ url: options.url, openid: options.openid });
  return reportRun((onProgress) => runLegacyImport(legacyFile, client, options.batch, onProgress), formatSummary, {
    verb: '转入',
    unit: '行',
    interrupted: '导入中断',
    rerun: '重新运行同一命令是安全的：已转入的行会显示为“未变更”。',
  });
}

if (require.main === module) runAsScript(main);
