import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { database } from '../cloudfunctions/shared/cloudbase';
import { MAX_FEED_BODY_BYTES, MAX_PHOTO_BYTES } from '../cloudfunctions/shared/domain/feed-records';
import { COLLECTIONS, SCHEMA } from '../cloudfunctions/shared/schema';
import { generateIdProtectionEnv } from '../cloudfunctions/shared/privacy';
import { startEmulator, type RunningEmulator } from '../emulator/server';
import { useEmulatorForSdk } from '../emulator/sdk-env';
import type { PassView } from '../typings/contract';
import { readCloudbaserc, ROOT } from '../scripts/lib/cloudbaserc';
import { DEMO_PARTNERS } from '../scripts/lib/local-secrets';
import { ID_NUMBER_SHAPED, runScript, type CommandRun } from './support/command';
import { openidFor, syntheticIdNumber } from './support/people';

/**
 * `npm run feed` end to end: the command in its own process, signing and pushing to the functions runtime
 * serving the BUILT functions (`npm run build`) over its HTTP access route, as a partner runs it beside
 * `npm start`. The partners are the demo ones with secrets generated here, handed over in a secrets file.
 */
// Each case starts the command in a new Node process (about a second with tsx on a loaded machine).
jest.setTimeout(30_000);

const project = readCloudbaserc();
const SAMPLES = path.join(ROOT, 'samples/feed');
const DAY = 86_400_000;

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'feed-cli-'));
const secretsFile = path.join(workDir, 'secrets.env');
let emulator: RunningEmulator;

beforeAll(async () => {
  for (const fn of project.functions) {
    if (!fs.existsSync(path.join(project.buildDir, fn.name, 'index.js'))) throw new Error('run `npm run build` first');
  }
  const partners = DEMO_PARTNERS.map((partner) => ({ ...partner, secret: randomBytes(32).toString('base64') }));
  // The functions run in this process and read their configuration from it, as under `npm start`.
  Object.assign(process.env, { ADMIN_OPENIDS: '', ...generateIdProtectionEnv(), FEED_PARTNERS: JSON.stringify(partners) });
  emulator = await startEmulator({ port: 0, dataDir: null, schema: SCHEMA, functions: project });
  useEmulatorForSdk(emulator.url);
  fs.writeFileSync(secretsFile, `# as npm start writes it\nFEED_PARTNERS=${JSON.stringify(partners)}\n`);
}, 30_000);
afterAll(async () => {
  // Close first: a failed beforeAll must not leave the server listening (jest would never exit).
  await emulator?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

/** Runs `npm run feed` with `env` added, and checks that whatever happened, no ID number reached the terminal in clear. */
async function feed(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CommandRun> {
  const { FEED_SECRET: _unset, ...inherited } = process.env;
  const run = await runScript('scripts/feed.ts', args, { ...inherited, ...env });
  expect(run.stdout + run.stderr).not.toMatch(ID_NUMBER_SHAPED);
  return run;
}

const toRuntime = (source: string, file: string, ...more: string[]) => feed(['--source', source, '--file', file, '--url', `${emulator.url}/http`, '--secret-file', secretsFile, ...more]);
const sample = (name: string) => path.join(SAMPLES, name);

async function callResident(openid: string, event: Record<string, unknown>): Promise<{ ok: boolean; data?: unknown }> {
  const response = await fetch(`${emulator.url}/functions/resident`, { method: 'POST', body: JSON.stringify(event), headers: { 'X-WX-OPENID': openid } });
  return (await response.json()) as { ok: boolean; data?: unknown };
}
/** A completed run's report: the summary line, the heading of the refused records, then one line each. */
function expectReport(run: CommandRun, summary: string, rejected: Array<string | RegExp>): void {
  expect(run.code).toBe(0);
  const heading = rejected.length > 0 ? [expect.stringMatching(/^拒绝的记录/)] : [];
  expect(run.stdout.trim().split('\n')).toEqual([summary, ...heading, ...rejected.map((line) => (typeof line === 'string' ? line : expect.stringMatching(line)))]);
}
const myPass = async (openid: string) => (await callResident(openid, { action: 'myPass' })).data as PassView;

describe('npm run feed: the sample files', () => {
  test('health.csv in batches of 4: progress per batch, each bad record with its line and reason; a second run finds only duplicates', async () => {
    const first = await toRuntime('health', sample('health.csv'), '--batch', '4');
    expectReport(first, '共 10 条记录：接受 6 条，重复 0 条，拒绝 4 条', [
      /^ {2}第 8 行 {2}3101\*{10}0071 {2}idNumber: .*校验/,
      /^ {2}第 9 行 {2}3101\*{10}0089 {2}status: /,
      /^ {2}第 10 行 {2}3101\*{10}0097 {2}effectiveAt: 应为带时区的 ISO 8601 时间/,
      /^ {2}第 11 行 {2}3101\*{10}010X {2}version: /,
    ]);
    // Not a TTY: plain progress lines instead of a bar.
    expect(first.stderr.trim().split('\n')).toEqual(['已处理 0/10 条', '已处理 4/10 条', '已处理 8/10 条', '已处理 10/10 条']);
    const stored = (await database().collection(COLLECTIONS.feedRecords).doc('health:HC-2026-0004').get()).data[0];
    expect(stored).toMatchObject({ source: 'health', version: 2, partnerKeyId: 'health-demo', facts: { status: 'released' } });

    const second = await toRuntime('health', sample('health.csv'));
    expect(second).toMatchObject({ code: 0, stdout: expect.stringMatching(/^共 10 条记录：接受 0 条，重复 6 条，拒绝 4 条\n/) });
  });

  test('health.jsonl: blank lines skipped, a line that is no JSON refused by the command, the rest judged by the function', async () => {
    expectReport(await toRuntime('health', sample('health.jsonl')), '共 6 条记录：接受 3 条，重复 0 条，拒绝 3 条', [
      /^ {2}第 5 行 {2}3101\*{10}0142 {2}effectiveAt: /,
      /^ {2}第 6 行 {2}（无号码） {2}这一行不是有效的 JSON/,
      /^ {2}第 7 行 {2}3101\*{10}0169 {2}.*ward/,
    ]);
  });

  test('identity.csv: the photo file is read and becomes the photo of the pass; a missing photo refuses only its row', async () => {
    const openid = openidFor('feed-photo');
    expect(await callResident(openid, { action: 'apply', name: '王秀英', idNumber: '310101190001010214' })).toMatchObject({ ok: true });

    expectReport(await toRuntime('identity', sample('identity.csv')), '共 6 条记录：接受 4 条，重复 0 条，拒绝 2 条', [
      /^ {2}第 6 行 {2}3101\*{10}0257 {2}name: 姓名不能包含数字/,
      `  第 7 行  3101**********0265  照片无法读取 ${sample('photos/missing.png')}：文件不存在`,
    ]);
    const { photoUrl } = await myPass(openid);
    const downloaded = Buffer.from(await (await fetch(photoUrl!)).arrayBuffer());
    expect(downloaded.equals(fs.readFileSync(sample('photos/portrait.png')))).toBe(true);
  });

  test('travel.csv: good arrivals accepted, bad region, time and ID number refused; again, only duplicates', async () => {
    const refused = [/^ {2}第 7 行 {2}3101\*{10}0361 {2}fromRegion: /, /^ {2}第 8 行 {2}3101\*{10}037X {2}arrivedAt: /, /^ {2}第 9 行 {2}3101\*{10}0387 {2}idNumber: /];
    expectReport(await toRuntime('travel', sample('travel.csv')), '共 8 条记录：接受 5 条，重复 0 条，拒绝 3 条', refused);
    expectReport(await toRuntime('travel', sample('travel.csv')), '共 8 条记录：接受 0 条，重复 5 条，拒绝 3 条', refused);
  });
});

describe('npm run feed: records change colours', () => {
  test('an arrival from a key area two days ago turns an applicant yellow', async () => {
    const openid = openidFor('feed-yellow');
    const idNumber = syntheticIdNumber(700);
    expect(await callResident(openid, { action: 'apply', name: '黄小明', idNumber })).toMatchObject({ ok: true });
    const file = path.join(workDir, 'arrivals.csv');
    const arrivedAt = new Date(Date.now() - 2 * DAY).toISOString();
    fs.writeFileSync(file, `record_id,version,id_number,arrived_at,from_region\nTR-YELLOW-1,1,${idNumber},${arrivedAt},330302\n`);

    expectReport(await toRuntime('travel', file), '共 1 条记录：接受 1 条，重复 0 条，拒绝 0 条', []);
    expect(await myPass(openid)).toMatchObject({ colour: 'yellow', reasons: [expect.objectContaining({ code: 'KEY_AREA_ARRIVAL' })] });
  });
});

describe('npm run feed: requests within CloudBase\'s 100 KB for a text body', () => {
  /** The size of every records request the runtime receives while `run` goes on. */
  async function requestSizes(run: () => Promise<CommandRun>): Promise<{ run: CommandRun; sizes: number[] }> {
    const sizes: number[] = [];
    const listener = (req: IncomingMessage) => {
      if (req.url === '/http/feed/records') sizes.push(Number(req.headers['content-length']));
    };
    emulator.server.on('request', listener);
    try {
      return { run: await run(), sizes };
    } finally {
      emulator.server.off('request', listener);
    }
  }
  /** A JPEG as far as its first bytes tell, of `bytes` bytes. */
  const jpeg = (bytes: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(bytes - 4)]);

  test('identity records with photos: packed into several requests, none refused by the platform\'s limit, every record stored', async () => {
    const folder = fs.mkdtempSync(path.join(workDir, 'photos-'));
    const rows = [30_000, 30_000, 45_000, MAX_PHOTO_BYTES, 20_000, 30_000, 40_000].map((bytes, index) => {
      fs.writeFileSync(path.join(folder, `p${index}.jpg`), jpeg(bytes));
      return `PHOTO-${index},1,${syntheticIdNumber(710 + index)},王秀英,p${index}.jpg`;
    });
    const file = path.join(folder, 'identity.csv');
    fs.writeFileSync(file, ['record_id,version,id_number,name,photo_file', ...rows].join('\n'));

    const { run, sizes } = await requestSizes(() => toRuntime('identity', file));
    expectReport(run, '共 7 条记录：接受 7 条，重复 0 条，拒绝 0 条', []);
    // Two 30 KB photos share a request (40 KB each in base64); the largest photo goes alone.
    expect(run.stderr.trim().split('\n')).toEqual(['已处理 0/7 条', '已处理 2/7 条', '已处理 3/7 条', '已处理 4/7 条', '已处理 6/7 条', '已处理 7/7 条']);
    expect(sizes).toHaveLength(5);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(MAX_FEED_BODY_BYTES);
    const stored = await database().collection(COLLECTIONS.feedRecords).where({ source: 'identity', version: 1 }).get();
    expect((stored.data as Array<{ recordId: string; facts: { photo: string | null } }>).filter(({ recordId }) => recordId.startsWith('PHOTO-')).map(({ facts }) => facts.photo)).toEqual(
      Array.from({ length: 7 }, () => expect.stringMatching(/^cloud:\/\//)),
    );
  });

  test('a record too large to send even alone is refused by the command, saying how large a photo may be; a photo just over its limit is refused by the function', async () => {
    const record = (recordId: string, photoBytes: number, sequence: number) =>
      JSON.stringify({ recordId, version: 1, idNumber: syntheticIdNumber(sequence), name: '李建国', photo: { contentType: 'image/jpeg', base64: jpeg(photoBytes).toString('base64') } });
    const file = path.join(workDir, 'large-photos.jsonl');
    fs.writeFileSync(file, [record('LARGE-1', 20_000, 720), record('LARGE-2', 100_000, 721), record('LARGE-3', MAX_PHOTO_BYTES + 1, 722)].join('\n'));

    const { run, sizes } = await requestSizes(() => toRuntime('identity', file));
    expectReport(run, '共 3 条记录：接受 1 条，重复 0 条，拒绝 2 条', [
      '  第 2 行  1101**********7213  这条记录单独发送也有 133504 字节，超过一次请求的上限 96000 字节（CloudBase 对文本请求体限 100 KB），未发送；照片最大 64 KB（65536 字节），请压缩后重试',
      '  第 3 行  1101**********7221  photo.base64: photo larger than 64 KB (65536 bytes)',
    ]);
    // LARGE-1 and LARGE-3 do not fit together; LARGE-2 is not in either request.
    expect(sizes).toEqual([expect.any(Number), expect.any(Number)]);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(MAX_FEED_BODY_BYTES);
    expect((await database().collection(COLLECTIONS.feedRecords).doc('identity:LARGE-2').get()).data).toEqual([]);
  });
});

describe('npm run feed: failures', () => {
  test.each([
    ['a wrong secret', () => ['--source', 'travel'], { FEED_SECRET: randomBytes(32).toString('base64') }, 'signature does not match'],
    ['an unknown key id', () => ['--source', 'travel', '--key-id', 'police-x', '--secret-file', writeSecrets('police-x')], {}, 'unknown key id police-x'],
    ['a key that may not push the source', () => ['--source', 'health', '--key-id', 'travel-demo', '--secret-file', secretsFile], {}, 'key travel-demo may not push health records'],
  ])('the service refuses the batch (%s): exit 1 with its message, nothing stored', async (_label, args, env, message) => {
    const file = path.join(workDir, 'refused.jsonl');
    fs.writeFileSync(file, `${JSON.stringify({ recordId: 'REFUSED-1', version: 1, idNumber: syntheticIdNumber(701), arrivedAt: new Date().toISOString(), fromRegion: '320102' })}\n`);
    const run = await feed([...args(), '--file', file, '--url', `${emulator.url}/http`], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`推送中断：${message}`);
    expect(run.stderr).toContain('重新运行同一命令是安全的');
    expect(run.stdout).toBe('共 1 条记录：接受 0 条，重复 0 条，拒绝 0 条，未处理 1 条\n');
    expect((await database().collection(COLLECTIONS.feedRecords).where({ recordId: 'REFUSED-1' }).get()).data).toEqual([]);
  });

  test('the service cannot be reached: retried once, then exit 1 saying so', async () => {
    // A port that was free a moment ago: connections are refused.
    const server = net.createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const run = await feed(['--source', 'travel', '--file', sample('travel.csv'), '--url', `http://127.0.0.1:${port}/http`, '--secret-file', secretsFile]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`推送中断：无法连接 http://127.0.0.1:${port}（connect ECONNREFUSED`);
    expect(run.stderr).toContain('重试一次后仍失败');
  });

  test('the URL of the runtime without its HTTP access prefix: exit 1 pointing at --url', async () => {
    const run = await feed(['--source', 'travel', '--file', sample('travel.csv'), '--url', emulator.url, '--secret-file', secretsFile]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('答复 HTTP 404');
    expect(run.stderr).toContain('请检查 --url 与 --path');
  });

  test.each([
    ['a file that does not exist', () => ['--file', path.join(workDir, 'missing.csv'), '--secret-file', secretsFile], `无法读取 ${path.join(workDir, 'missing.csv')}：文件不存在`],
    ['a CSV file without the columns of its source', () => ['--file', sample('health.csv'), '--secret-file', secretsFile], '表头缺少列：arrived_at、from_region'],
    ['a secrets file that does not exist', () => ['--file', sample('travel.csv'), '--secret-file', path.join(workDir, 'none.env')], `无法读取 ${path.join(workDir, 'none.env')}：文件不存在`],
    ['a secrets file without the key', () => ['--file', sample('travel.csv'), '--secret-file', writeSecrets('someone-else')], 'FEED_PARTNERS 中没有密钥编号 travel-demo'],
  ])('%s: exit 1 with why', async (_label, args, message) => {
    const run = await feed(['--source', 'travel', '--url', `${emulator.url}/http`, ...args()]);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toContain(message);
  });

  test.each([
    ['no arguments', []],
    ['no file', ['--source', 'travel']],
    ['no source', ['--file', 'x.csv']],
    ['an unknown source', ['--source', 'weather', '--file', 'x.csv']],
    ['a file that is neither CSV nor JSON lines', ['--source', 'travel', '--file', 'x.xlsx']],
    ['a batch larger than a request takes', ['--source', 'travel', '--file', 'x.csv', '--batch', '1001']],
    ['a URL that is none', ['--source', 'travel', '--file', 'x.csv', '--url', 'localhost']],
    ['a path without its slash', ['--source', 'travel', '--file', 'x.csv', '--path', 'feed/records']],
    ['an unknown option', ['--source', 'travel', '--file', 'x.csv', '--dry-run']],
  ])('a usage error (%s): exit 2 with what is wrong', async (_label, args) => {
    const run = await feed(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: /);
    expect(run.stderr).toContain('--help');
  });
});

/** A secrets file holding one partner, with a secret the runtime does not know. */
function writeSecrets(keyId: string): string {
  const file = path.join(workDir, `${keyId}.env`);
  fs.writeFileSync(file, `FEED_PARTNERS=${JSON.stringify([{ keyId, sources: ['travel'], secret: randomBytes(32).toString('base64') }])}\n`);
  return file;
}
