import { Command } from 'commander';
import { LEGACY_BATCH_MAX } from '../cloudfunctions/shared/domain/legacy';
import { createIdProtector, IdProtectionConfigError, parseIdProtectionKeys, type IdProtector } from '../cloudfunctions/shared/privacy';
import { EXIT, httpUrl, InputFileError, integerUpTo, parseCommandLine, readInputFile, reportRun, runAsScript, withIdNumbersMasked } from './lib/cli';
import { connectDatabase, flagOf, idKeysProblem, operatorName, refuseMixedTargets } from './lib/cloud-database';
import { loadEnvValues } from './lib/cloud-target';
import { readLegacyCsv, type LegacyFile } from './lib/legacy-csv';
import { directImporter, formatSummary, runLegacyImport, staffFunctionImporter, type LegacyImporter } from './lib/legacy-import';
import { DEMO_STAFF_OPENID } from './lib/seed';
import { httpStaffClient, LOCAL_RUNTIME_URL } from './lib/staff-client';

/**
 * `npm run import:legacy -- <file.csv> [--url …] [--openid …] [--batch …]`: carries an old pass system's
 * export (南海通行证 and the like) over through the staff function of the local runtime.
 * `npm run import:legacy -- <file.csv> --env <envId> [--env-file <file>] --operator <name> [--batch …]`: the
 * same into a deployed environment, running the staff function's import code in this process on the
 * environment's database with the operator's CAM key (lib/cloud-database.ts says why), each audit entry
 * naming the operator. Running it again changes nothing, in either mode.
 * Exit codes: 0 the run completed (rejected rows included), 1 the file or the service failed, 2 usage, or a
 * deployed environment's setup (credentials, env file, ID-number keys) refused before anything was written.
 */

const DEFAULT_BATCH = 200;

interface Options {
  url: string;
  openid: string;
  env?: string;
  envFile?: string;
  operator?: string;
  batch: number;
}

const CLOUD_OPTIONS = ['env', 'envFile', 'operator'];
const isCloud = (options: Options) => options.env !== undefined || options.envFile !== undefined;
const LOCAL_OPTIONS = ['url', 'openid'];

function parseArguments(argv: readonly string[]): { file: string; options: Options } {
  const program = new Command()
    .name('npm run import:legacy --')
    .description('把旧系统（如南海通行证）导出的 CSV 转入通行证系统：本地运行时（--url），或已部署的云开发环境（--env）；重复运行不会重复转入。')
    .argument('<file>', 'CSV 文件，表头为 姓名,身份证号码,原通行证编号,状态[,发证日期] 或 name,id_number,legacy_number,status[,issued_on]')
    .option('--url <url>', '本地运行时的地址', httpUrl, LOCAL_RUNTIME_URL)
    .option('--openid <openid>', '在本地运行时以哪个工作人员（或管理员）的微信账号导入', DEMO_STAFF_OPENID)
    .option('--env <envId>', '转入已部署的云开发环境（环境 ID）；需 TENCENTCLOUD_SECRETID/TENCENTCLOUD_SECRETKEY，身份证号码密钥从 .env.<envId> 读取')
    .option('--env-file <file>', '该环境的配置文件（含 ENV_ID=<环境 ID>），代替 .env.<envId>')
    .option('--operator <name>', '操作人的姓名或工号，记入每条审计记录（用 --env 时必填）', operatorName)
    .option('--batch <size>', `每批转入的行数（1 到 ${LEGACY_BATCH_MAX}）`, integerUpTo(LEGACY_BATCH_MAX), DEFAULT_BATCH)
    .showHelpAfterError('（用 --help 查看用法）')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  refuseMixedTargets(program, CLOUD_OPTIONS, LOCAL_OPTIONS);
  const options = program.opts<Options>();
  const cloud = isCloud(options);
  if (cloud && options.operator === undefined) {
    program.error('error: 转入已部署的云开发环境时须用 --operator <姓名或工号> 写明操作人：每条转入的审计记录都以此为操作人');
  }
  if (!cloud && options.operator !== undefined) {
    program.error(`error: ${flagOf('operator')} 只用于已部署的云开发环境：请同时用 --env <环境 ID> 指定环境`);
  }
  return { file: program.args[0], options };
}

/**
 * The importer of a deployed environment, once everything that can be checked before writing has been: the
 * env file, its ID-number keys, the credentials, and (reading one stored pass) that the keys are the
 * environment's own. A number is the exit code of a refusal, already explained on stderr.
 */
async function cloudImporter(options: Options, env: NodeJS.ProcessEnv = process.env): Promise<LegacyImporter | number> {
  let values: Record<string, string>;
  try {
    values = loadEnvValues(options);
  } catch (error) {
    console.error(`无法使用该环境的配置文件（见 docs/operations.md §2）：${(error as Error).message}`);
    return EXIT.usage;
  }
  const envId = values.ENV_ID;
  if (!envId) {
    console.error(`配置文件 ${options.envFile} 中没有 ENV_ID=<环境 ID>：请加上，或用 --env 指定环境`);
    return EXIT.usage;
  }
  let protector: IdProtector;
  try {
    protector = createIdProtector(parseIdProtectionKeys(values));
  } catch (error) {
    if (!(error instanceof IdProtectionConfigError)) throw error;
    console.error(`配置文件中该环境的身份证号码密钥不可用：${error.message}。转入须用该环境部署时的 ID_HASH_KEY 和 ID_ENCRYPTION_KEYS`);
    return EXIT.usage;
  }
  const db = connectDatabase(envId, env);
  if (typeof db === 'number') return db;
  let problem: string | null;
  try {
    problem = await idKeysProblem(db, protector);
  } catch (error) {
    console.error(`无法读取云开发环境 ${envId} 的数据库：${withIdNumbersMasked(error instanceof Error ? error.message : String(error))}`);
    return EXIT.failed;
  }
  if (problem) {
    console.error(`未转入任何一行：${problem}`);
    return EXIT.usage;
  }
  console.error(`转入云开发环境 ${envId}，操作人：${options.operator}`);
  return directImporter({ db, protector, operator: options.operator as string });
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommandLine(() => parseArguments(argv));
  if (typeof parsed === 'number') return parsed;
  const { file, options } = parsed;

  let legacyFile: LegacyFile;
  try {
    legacyFile = readLegacyCsv(readInputFile(file));
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    console.error(error.message);
    return EXIT.failed;
  }

  const importer = isCloud(options) ? await cloudImporter(options) : staffFunctionImporter(httpStaffClient({ url: options.url, openid: options.openid }));
  if (typeof importer === 'number') return importer;
  return reportRun((onProgress) => runLegacyImport(legacyFile, importer, options.batch, onProgress), formatSummary, {
    verb: '转入',
    unit: '行',
    interrupted: '导入中断',
    rerun: '重新运行同一命令是安全的：已转入的行会显示为“未变更”。',
  });
}

if (require.main === module) runAsScript(main);
