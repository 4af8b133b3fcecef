import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { database } from '../cloudfunctions/shared/cloudbase';
import { readConfig } from '../cloudfunctions/shared/config';
import type { PassDocument } from '../cloudfunctions/shared/domain/pass';
import { COLLECTIONS, SCHEMA } from '../cloudfunctions/shared/schema';
import { startEmulator, type RunningEmulator } from '../emulator/server';
import { useEmulatorForSdk } from '../emulator/sdk-env';
import { readCloudbaserc, ROOT } from '../scripts/lib/cloudbaserc';
import { generateLocalSecrets } from '../scripts/lib/local-secrets';
import { seedDemoData } from '../scripts/lib/seed';
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
  ])('a usage error (%s): exit 2 with what is wrong', async (_label, args) => {
    const run = await importLegacy(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: /);
    expect(run.stderr).toContain('--help');
  });
});
