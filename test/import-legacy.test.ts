import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { database } from '../cloudfunctions/shared/cloudbase';
import { readConfig } from '../cloudfunctions/shared/config';
import type { PassDocument } from '../cloudfunctions/shared/domain/pass';
import { COLLECTIONS, SCHEMA } from '../cloudfunctions/shared/schema';
import { startEmulator, type RunningEmulator } from '../emulator/server';
import { useEmulatorForSdk } from '../emulator/sdk-env';
import { LOCAL_ENV_ID } from '../emulator/sdk-env';
import type { AuditEntry, AuditActor } from '../cloudfunctions/shared/domain/audit';
import { generateIdProtectionEnv } from '../cloudfunctions/shared/privacy';
import { readCloudbaserc, ROOT } from '../scripts/lib/cloudbaserc';
import { generateLocalSecrets } from '../scripts/lib/local-secrets';
import { DEMO_STAFF_OPENID, seedDemoData } from '../scripts/lib/seed';
import { ID_NUMBER_SHAPED, runScript } from './support/command';
import { openidFor, syntheticIdNumber } from './support/people';

/**
 * `npm run import:legacy` end to end: the command in its own process, against the functions runtime serving
 * the BUILT functions (`npm run build`), as an operator runs it beside `npm start`.
 */
// Each case starts the command in a new Node process (about a second with tsx on a loaded machine).
jest.setTimeout(30_000);

const project = readCloudbaserc();
const SAMPLE = path.join(ROOT, 'samples/legacy-passes.csv');

let emulator: RunningEmulator;
let workDir: string;

beforeAll(async () => {
  for (const fn of project.functions) {
    if (!fs.existsSync(path.join(project.buildDir, fn.name, 'index.js'))) throw new Error('run `npm run build` first');
  }
  // The functions run in this process and read their configuration from it, as under `npm start`.
  Object.assign(process.env, { ADMIN_OPENIDS: '', ...generateLocalSecrets() });
  emulator = await startEmulator({ port: 0, dataDir: null, schema: SCHEMA, functions: project });
  useEmulatorForSdk(emulator.url);
  await seedDemoData(new Date(), emulator.runtime!);
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-legacy-'));
}, 30_000);
afterAll(async () => {
  // Close first: a failed beforeAll must not leave the server listening (jest would never exit).
  await emulator?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const importLegacy = (...args: string[]) => runScript('scripts/import-legacy.ts', args);

const withRuntime = (...args: string[]) => importLegacy(...args, '--url', emulator.url);

function writeCsv(name: string, lines: string[]): string {
  const file = path.join(workDir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function passOfPerson(idNumber: string): Promise<PassDocument | undefined> {
  const personKey = readConfig(process.env).idProtector().hash(idNumber);
  return (await database().collection(COLLECTIONS.passes).where({ personKey }).get()).data[0] as PassDocument | undefined;
}

async function callFunction(name: string, openid: string, event: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(`${emulator.url}/functions/${name}`, { method: 'POST', body: JSON.stringify(event), headers: { 'X-WX-OPENID': openid } });
  return (await response.json()) as Record<string, unknown>;
}

describe('npm run import:legacy', () => {
  test('the sample file (Chinese headers): good rows imported, each bad row reported with its line; a second run changes nothing', async () => {
    const first = await withRuntime(SAMPLE);
    expect(first.code).toBe(0);
    const [summary, heading, ...rejected] = first.stdout.trim().split('\n');
    expect(summary).toBe('共 16 行：转入 8 行，未变更 0 行，拒绝 8 行');
    expect(heading).toMatch(/^拒绝的行/);
    expect(rejected).toEqual([
      expect.stringMatching(/^ {2}第 10 行 {2}4406\*{10}1794 {2}原通行证已作废或注销，不转入/),
      expect.stringMatching(/^ {2}第 11 行 {2}4406\*{10}1800 {2}原通行证已作废或注销，不转入/),
      expect.stringMatching(/^ {2}第 12 行 .* 身份证号码不正确：校验码不正确/),
      expect.stringMatching(/^ {2}第 13 行 .* 姓名不正确：姓名不能包含数字/),
      expect.stringMatching(/^ {2}第 14 行 .* 状态“挂失”无法识别/),
      expect.stringMatching(/^ {2}第 15 行 .* 与第 2 行的身份证号码相同/),
      expect.stringMatching(/^ {2}第 16 行 .* 缺少原通行证编号/),
      expect.stringMatching(/^ {2}第 17 行 .* 发证日期晚于今天/),
    ]);
    // Not a TTY: plain progress lines instead of a bar.
    expect(first.stderr).toContain('已处理 15/15 行');
    expect(first.stdout + first.stderr).not.toMatch(ID_NUMBER_SHAPED);

    const [, chen] = fs.readFileSync(SAMPLE, 'utf8').split('\n');
    const chenIdNumber = chen.split(',')[1];
    expect(await passOfPerson(chenIdNumber)).toMatchObject({
      origin: 'migrated',
      openid: null,
      issuedAt: new Date('2020-02-09T16:00:00Z'),
      legacy: { number: 'NH2020-000101' },
    });

    // The resident applies with the same name and ID number and gets the old pass carried over
    // (an account of their own: the seeded demo residents hold passes already).
    const chenOpenid = openidFor('legacy-chen');
    const applied = await callFunction('resident', chenOpenid, { action: 'apply', name: '陈志明', idNumber: chenIdNumber });
    expect(applied).toMatchObject({ ok: true, data: { carriedOver: true, pass: { origin: 'migrated' } } });
    const bound = await passOfPerson(chenIdNumber);

    const second = await withRuntime(SAMPLE);
    expect(second.code).toBe(0);
    expect(second.stdout.split('\n')[0]).toBe('共 16 行：转入 0 行，未变更 8 行，拒绝 8 行');
    expect(await passOfPerson(chenIdNumber)).toEqual(bound);
    expect(bound?.openid).toBe(chenOpenid);
  }, 60_000);

  test('English headers with issue dates, in batches: progress per batch; a second run reports every row unchanged', async () => {
    const people = Array.from({ length: 25 }, (_, index) => syntheticIdNumber(index, '19650202'));
    const file = writeCsv('english.csv', [
      'name,id_number,legacy_number,status,issued_on',
      ...people.map((idNumber, index) => `Li Wei,${idNumber},OLD-${index},active,2021-06-${String(index + 1).padStart(2, '0')}`),
    ]);

    const first = await withRuntime(file, '--batch', '10');
    expect(first).toMatchObject({ code: 0, stdout: '共 25 行：转入 25 行，未变更 0 行，拒绝 0 行\n' });
    expect(first.stderr.trim().split('\n')).toEqual(['已处理 0/25 行', '已处理 10/25 行', '已处理 20/25 行', '已处理 25/25 行']);
    expect(await passOfPerson(people[4])).toMatchObject({ name: 'Li Wei', issuedAt: new Date('2021-06-04T16:00:00Z'), legacy: { number: 'OLD-4' } });

    const second = await withRuntime(file, '--batch', '10');
    expect(second).toMatchObject({ code: 0, stdout: '共 25 行：转入 0 行，未变更 25 行，拒绝 0 行\n' });
  }, 60_000);

  test('a file that does not exist: exit 1 with the path and why', async () => {
    const missing = path.join(workDir, 'missing.csv');
    await expect(withRuntime(missing)).resolves.toEqual({ code: 1, stdout: '', stderr: `无法读取 ${missing}：文件不存在\n` });
  });

  test('a file without the columns it needs: exit 1 naming them', async () => {
    const run = await withRuntime(writeCsv('no-id.csv', ['姓名,原通行证编号,状态', '陈志明,NH-1,有效']));
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toContain('表头缺少列：身份证号码（id_number）');
  });

  test('the service refuses the caller or cannot be reached: exit 1, saying so and that running again is safe', async () => {
    const file = writeCsv('one.csv', ['姓名,身份证号码,原通行证编号,状态', `陈志明,${syntheticIdNumber(900)},NH-900,有效`]);
    const refused = await withRuntime(file, '--openid', 'o-demo-resident-2');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('导入中断：您的账号没有进行此操作的权限');
    expect(refused.stderr).toContain('重新运行同一命令是安全的');
    expect(refused.stdout).toBe('共 1 行：转入 0 行，未变更 0 行，拒绝 0 行，未处理 1 行\n');

    const unreachable = await importLegacy(file, '--url', 'http://127.0.0.1:9');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('导入中断：无法连接 http://127.0.0.1:9');
    await expect(passOfPerson(syntheticIdNumber(900))).resolves.toBeUndefined();
  });

  test.each([
    ['no file', []],
    ['a batch larger than a call takes', ['x.csv', '--batch', '501']],
    ['a batch that is no number', ['x.csv', '--batch', 'many']],
    ['a URL that is none', ['x.csv', '--url', 'localhost']],
    ['an unknown option', ['x.csv', '--dry-run']],
    ['a deployed environment without an operator', ['x.csv', '--env', 'tx-prod']],
    ['an operator without a deployed environment', ['x.csv', '--operator', '张三']],
    ['an operator that is blank', ['x.csv', '--env', 'tx-prod', '--operator', '  ']],
    ['a deployed environment and the local runtime at once', ['x.csv', '--env', 'tx-prod', '--operator', '张三', '--url', 'http://127.0.0.1:8787']],
  ])('a usage error (%s): exit 2 with what is wrong', async (_label, args) => {
    const run = await importLegacy(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: /);
    expect(run.stderr).toContain('--help');
  });
});

/**
 * `--env` mode: the staff function's import code in the command's own process, on the environment's database
 * through @cloudbase/node-sdk. The command inherits this process's SDK environment (emulator/sdk-env.ts), so the
 * same SDK calls that would reach CloudBase reach the emulator; the keys come from the env file alone (this
 * process's ID_HASH_KEY is in the command's environment too, and must not be used).
 */
describe('npm run import:legacy --env (a deployed environment)', () => {
  const keys = () => ({ ID_HASH_KEY: process.env.ID_HASH_KEY ?? '', ID_ENCRYPTION_KEYS: process.env.ID_ENCRYPTION_KEYS ?? '' });

  function writeEnvFile(name: string, values: Record<string, string>): string {
    const file = path.join(workDir, name);
    fs.writeFileSync(file, Object.entries(values).map(([key, value]) => `${key}=${value}\n`).join(''));
    return file;
  }
  const envFile = () => writeEnvFile('.env.cloud', { ENV_ID: LOCAL_ENV_ID, ADMIN_OPENIDS: '', ...keys() });
  const inCloud = (file: string, ...args: string[]) => importLegacy(file, '--env-file', envFile(), '--operator', '张三', ...args);

  async function auditOfPass(passId: string): Promise<Array<AuditEntry<AuditActor>>> {
    return (await database().collection(COLLECTIONS.audit).where({ 'target.id': passId }).get()).data as Array<AuditEntry<AuditActor>>;
  }
  const auditCount = async () => (await database().collection(COLLECTIONS.audit).count()).total;

  test('imports, reports rejected rows, names the operator in every audit entry; a second run changes nothing', async () => {
    const people = Array.from({ length: 12 }, (_, index) => syntheticIdNumber(300 + index, '19580303'));
    const file = writeCsv('cloud.csv', [
      '姓名,身份证号码,原通行证编号,状态,发证日期',
      ...people.map((idNumber, index) => `黄丽华,${idNumber},NH2021-${300 + index},有效,2021-03-0${(index % 9) + 1}`),
      `黄丽华,${syntheticIdNumber(320, '19580303')},NH2021-320,作废,2021-03-01`,
      // A wrong check digit.
      `黄丽华,${people[0].slice(0, 17)}${people[0].endsWith('0') ? '1' : '0'},NH2021-321,有效,`,
    ]);

    const first = await inCloud(file, '--batch', '5');
    expect(first.code).toBe(0);
    const [summary, heading, ...rejected] = first.stdout.trim().split('\n');
    expect(summary).toBe('共 14 行：转入 12 行，未变更 0 行，拒绝 2 行');
    expect(heading).toMatch(/^拒绝的行/);
    expect(rejected).toEqual([expect.stringMatching(/^ {2}第 14 行 .* 原通行证已作废或注销，不转入/), expect.stringMatching(/^ {2}第 15 行 .* 身份证号码不正确/)]);
    // The same progress as through the local runtime, after a line naming the target and the operator.
    expect(first.stderr.trim().split('\n')).toEqual([
      `转入云开发环境 ${LOCAL_ENV_ID}，操作人：张三`,
      '已处理 0/14 行',
      '已处理 5/14 行',
      '已处理 10/14 行',
      '已处理 14/14 行',
    ]);
    expect(first.stdout + first.stderr).not.toMatch(ID_NUMBER_SHAPED);

    const pass = await passOfPerson(people[2]);
    expect(pass).toMatchObject({ origin: 'migrated', openid: null, name: '黄丽华', issuedAt: new Date('2021-03-02T16:00:00Z'), legacy: { number: 'NH2021-302' } });
    const [entry, ...others] = await auditOfPass(pass!._id);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ action: 'pass.import', actor: { kind: 'operator', name: '张三' }, details: { legacyNumber: 'NH2021-302', line: 4 } });
    expect(entry.actor).toEqual({ kind: 'operator', name: '张三' });
    // Staff reading the log see who it was.
    const log = await callFunction('staff', DEMO_STAFF_OPENID, { action: 'auditLog', targetId: pass!._id });
    expect(log).toMatchObject({ ok: true, data: { entries: [{ action: 'pass.import', actorMasked: '运维人员 张三（命令行）', actorRoles: [] }] } });

    const entries = await auditCount();
    const second = await inCloud(file, '--batch', '5');
    expect(second.code).toBe(0);
    expect(second.stdout.split('\n')[0]).toBe('共 14 行：转入 0 行，未变更 12 行，拒绝 2 行');
    expect(await passOfPerson(people[2])).toEqual(pass);
    expect(await auditCount()).toBe(entries);
  }, 60_000);

  test.each([
    ['without credentials', { env: { TENCENTCLOUD_SECRETID: '' } }, /^未提供腾讯云 API 密钥：请先设置环境变量 TENCENTCLOUD_SECRETID/],
    ['with no ID_HASH_KEY in the env file', { file: { ID_HASH_KEY: '' } }, /^配置文件中该环境的身份证号码密钥不可用：ID_HASH_KEY is not set/],
    ['with no ID_ENCRYPTION_KEYS in the env file', { file: { ID_ENCRYPTION_KEYS: '' } }, /^配置文件中该环境的身份证号码密钥不可用：ID_ENCRYPTION_KEYS is not set/],
    ['with another environment\'s hash key', { file: { ID_HASH_KEY: generateIdProtectionEnv().ID_HASH_KEY } }, /^未转入任何一行：环境文件中的 ID_HASH_KEY 不是该环境的密钥/],
    [
      'with another environment\'s encryption keys',
      { file: { ID_ENCRYPTION_KEYS: generateIdProtectionEnv().ID_ENCRYPTION_KEYS } },
      /^未转入任何一行：环境文件中的 ID_ENCRYPTION_KEYS 打不开该环境已存的身份证号码/,
    ],
    // Not with --env-file: Node 20 itself reads a script's `--env-file <path>` and exits 9 when the path is missing
    // (nodejs/node#54232), before the command runs; nothing is written either way.
    ['with no env file for the environment', { missingFile: true }, /^无法使用该环境的配置文件.*\.env\.tongxing-elsewhere does not exist/],
  ])('refused %s: exit 2, saying why, before anything is written', async (_label, setup: { env?: NodeJS.ProcessEnv; file?: Record<string, string>; missingFile?: boolean }, message) => {
    const idNumber = syntheticIdNumber(340, '19580303');
    const file = writeCsv('refused.csv', ['姓名,身份证号码,原通行证编号,状态', `黄丽华,${idNumber},NH2021-340,有效`]);
    const values = writeEnvFile('.env.refused', { ENV_ID: LOCAL_ENV_ID, ...keys(), ...setup.file });
    const entries = await auditCount();
    const args = [file, ...(setup.missingFile ? ['--env', 'tongxing-elsewhere'] : ['--env-file', values]), '--operator', '张三'];
    const run = await runScript('scripts/import-legacy.ts', args, { ...process.env, ...setup.env });
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain('已处理');
    await expect(passOfPerson(idNumber)).resolves.toBeUndefined();
    expect(await auditCount()).toBe(entries);
  });

  test('mixing the two modes names the options of each', async () => {
    const run = await importLegacy('x.csv', '--env', 'tx-prod', '--operator', '张三', '--openid', 'o-demo-staff');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--env、--operator 用于已部署的云开发环境，--openid 用于本地运行时（npm start），不能同时使用');
  });
});
