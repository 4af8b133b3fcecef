import { Command } from 'commander';
import { dashboardView } from '../cloudfunctions/shared/dashboard';
import { STATUS_WORDS } from '../cloudfunctions/shared/domain/appeal';
import { chinaDate } from '../cloudfunctions/shared/domain/china-date';
import type { AppealStatus, DashboardView, DurationDistribution } from '../typings/contract';
import { EXIT, httpUrl, integerUpTo, parseCommandLine, runAsScript, withIdNumbersMasked } from './lib/cli';
import { connectDatabase, refuseMixedTargets } from './lib/cloud-database';
import { DEMO_STAFF_OPENID } from './lib/seed';
import { httpStaffClient, LOCAL_RUNTIME_URL, StaffCallError } from './lib/staff-client';

/**
 * `npm run report:appeals -- [--url …] [--openid …] [--days …]`: the appeals' service levels (time to first
 * response, time to decision, overdue appeals) over the data of a running local CloudBase (`npm start`), as
 * the staff dashboard computes them in the database. With `--env <envId>` instead of --url/--openid, over a
 * deployed environment: the dashboard's own code run in this process on its database with the operator's
 * CAM key (lib/cloud-database.ts), as import:legacy does. It only reads: no env file, no keys.
 */

const BAR_WIDTH = 30;

interface Options {
  url: string;
  openid: string;
  env?: string;
  days: number;
}

const LABEL_COLUMNS = 14;

/** Pads to a width in terminal columns: a Chinese character takes two. */
function padColumns(text: string, columns: number): string {
  const width = [...text].reduce((sum, character) => sum + (/\p{Script=Han}/u.test(character) ? 2 : 1), 0);
  return text + ' '.repeat(Math.max(0, columns - width));
}

function bucketLabel({ fromHours, toHours }: DurationDistribution['buckets'][number]): string {
  return padColumns(toHours === null ? `${fromHours} 小时以上` : `${fromHours}–${toHours} 小时`, LABEL_COLUMNS);
}

function distributionLines(title: string, distribution: DurationDistribution): string[] {
  const average = distribution.averageHours === null ? '' : `，平均 ${distribution.averageHours} 小时`;
  const widest = Math.max(1, ...distribution.buckets.map((bucket) => bucket.count));
  return [
    `${title}（${distribution.count} 件${average}）`,
    ...distribution.buckets.map((bucket) => `  ${bucketLabel(bucket)} ${'█'.repeat(Math.round((bucket.count / widest) * BAR_WIDTH)).padEnd(BAR_WIDTH, ' ')} ${bucket.count}`),
  ];
}

/** The report as printed: status counts, overdue counts, and the two distributions as text bars. */
export function formatServiceLevels(view: DashboardView): string {
  const statuses = (Object.entries(view.appealsByStatus) as Array<[AppealStatus, number]>).map(([status, count]) => `${STATUS_WORDS[status]} ${count}`);
  return [
    `申诉服务水平：近 ${view.days} 天（截至 ${chinaDate(new Date(view.generatedAt))}，${view.district ?? '全部辖区'}）`,
    `状态：${statuses.join(' · ')}`,
    `超时未结：${view.appealsOverdue.firstResponse} 件 24 小时内未首次响应，${view.appealsOverdue.decision} 件 72 小时内未作出决定`,
    '',
    ...distributionLines('首次响应时间', view.firstResponseTimes),
    '',
    ...distributionLines('作出决定时间', view.decisionTimes),
  ].join('\n');
}

function parseArguments(argv: readonly string[]): Options {
  const program = new Command()
    .name('npm run report:appeals --')
    .description('统计申诉的服务水平：首次响应时间、作出决定时间和超时未结的申诉。')
    .option('--url <url>', '本地运行时的地址', httpUrl, LOCAL_RUNTIME_URL)
    .option('--openid <openid>', '在本地运行时以哪个工作人员（或管理员）的微信账号查询', DEMO_STAFF_OPENID)
    .option('--env <envId>', '查询已部署的云开发环境（环境 ID）；需 TENCENTCLOUD_SECRETID/TENCENTCLOUD_SECRETKEY')
    .option('--days <days>', '统计最近多少天（1 到 90）', integerUpTo(90), 30)
    .showHelpAfterError('（用 --help 查看用法）')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  refuseMixedTargets(program, ['env'], ['url', 'openid']);
  return program.opts<Options>();
}

export async function main(argv: readonly string[]): Promise<number> {
  const options = parseCommandLine(() => parseArguments(argv));
  if (typeof options === 'number') return options;
  if (options.env !== undefined) return cloudReport(options.env, options.days);
  try {
    const view = await httpStaffClient({ url: options.url, openid: options.openid }).call('dashboard', { days: options.days });
    console.log(formatServiceLevels(view));
    return EXIT.completed;
  } catch (error) {
    if (!(error instanceof StaffCallError)) throw error;
    console.error(`无法取得统计：${error.message}`);
    return EXIT.failed;
  }
}

/** The staff function's `dashboard` action, run on a deployed environment's database. */
async function cloudReport(envId: string, days: number, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const db = connectDatabase(envId, env);
  if (typeof db === 'number') return db;
  let view: DashboardView;
  try {
    view = await dashboardView(db, new Date(), days);
  } catch (error) {
    console.error(`无法取得统计：云开发环境 ${envId} 的数据库答复 ${withIdNumbersMasked(error instanceof Error ? error.message : String(error))}`);
    return EXIT.failed;
  }
  console.log(formatServiceLevels(view));
  return EXIT.completed;
}

if (require.main === module) runAsScript(main);
