import { randomBytes } from 'node:crypto';
import { database } from '../../cloudfunctions/shared/cloudbase';
import { createCron } from '../../cloudfunctions/cron';
import { createFeed } from '../../cloudfunctions/feed';
import { FEED_HEADERS } from '../../cloudfunctions/shared/domain/feed-auth';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import type { HttpEvent, HttpResponse } from '../../cloudfunctions/shared/http';
import { invocationContext } from '../../emulator/runtime';
import type { RunningEmulator } from '../../emulator/server';
import type { ColourHistoryEntry, PassView } from '../../typings/contract';
import { callerOf, dataOf } from '../support/call';
import { startTestEmulator } from '../support/emulator';
import { signedFeedEvent, type FeedRequestOverrides } from '../support/feeds';
import { testPlatform } from '../support/platform';
import { openidFor, syntheticIdNumber } from '../support/people';

const DAY = 86_400_000;
const health = { keyId: 'health-test', secret: randomBytes(32) };
const travel = { keyId: 'travel-test', secret: randomBytes(32) };
const FEED_PARTNERS = JSON.stringify([
  { keyId: health.keyId, sources: ['health', 'identity'], secret: health.secret.toString('base64') },
  { keyId: travel.keyId, sources: ['travel'], secret: travel.secret.toString('base64') },
]);

let clock = new Date('2026-11-27T02:00:00Z');
const platform = testPlatform({ clock: () => clock, env: { FEED_PARTNERS } });
const call = callerOf(platform);
const feed = createFeed(platform);
const cron = createCron(platform);
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

function signedPost(partner: { keyId: string; secret: Buffer }, payload: unknown, overrides: FeedRequestOverrides = {}): HttpEvent {
  return signedFeedEvent(partner, payload, clock, overrides);
}

async function push(partner: { keyId: string; secret: Buffer }, payload: unknown, overrides = {}) {
  const response = (await feed(signedPost(partner, payload, overrides))) as HttpResponse;
  return { status: response.statusCode, body: JSON.parse(response.body) as { ok: boolean; code?: string; data?: { results: Array<{ outcome: string; reason?: string }>; summary: Record<string, number> } } };
}

const count = async (collection: string) => (await database().collection(collection).count()).total;
const myPass = async (openid: string) => dataOf(await call('resident', { action: 'myPass' }, openid)) as PassView;
const history = async (openid: string) => (dataOf(await call('resident', { action: 'colourHistory' }, openid)) as { entries: ColourHistoryEntry[] }).entries;
const withWrongCheckDigit = (id: string) => id.slice(0, 17) + (id.endsWith('0') ? '1' : '0');
const iso = (date: Date) => date.toISOString().replace('Z', '+00:00');

describe('feed authentication: refused before anything is read or written', () => {
  test.each([
    ['a missing signature', (event: HttpEvent) => ({ ...event, headers: { ...event.headers, [FEED_HEADERS.signature]: '' } }), 400],
    ['an unknown key', (event: HttpEvent) => ({ ...event, headers: { ...event.headers, [FEED_HEADERS.keyId]: 'police-x' } }), 401],
    ['an altered body', (event: HttpEvent) => ({ ...event, body: event.body.replace('confirmed', 'released') }), 401],
  ])('%s', async (_label, alter, status) => {
    const before = await count(COLLECTIONS.feedRecords);
    const event = alter(signedPost(health, { source: 'health', records: [{ recordId: 'r-x', version: 1, idNumber: syntheticIdNumber(900), status: 'confirmed', effectiveAt: iso(clock) }] }));
    const response = (await feed(event)) as HttpResponse;
    expect(response.statusCode).toBe(status);
    expect(await count(COLLECTIONS.feedRecords)).toBe(before);
  });

  test('a timestamp more than 5 minutes off, a reused nonce, or a source the key may not push', async () => {
    const payload = { source: 'health', records: [{ recordId: 'r-y', version: 1, idNumber: syntheticIdNumber(901), status: 'confirmed', effectiveAt: iso(clock) }] };
    const stale = await push(health, payload, { timestamp: Math.floor(clock.getTime() / 1000) - 301 });
    expect(stale).toMatchObject({ status: 401, body: { ok: false, code: 'UNAUTHENTICATED' } });
    expect((await push(health, payload, { nonce: 'fixed-nonce-000000001' })).status).toBe(200);
    expect(await push(health, payload, { nonce: 'fixed-nonce-000000001' })).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(await push(travel, payload)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });
});

describe('records', () => {
  test('each record gets its own result; bad ones are rejected with a reason and the rest accepted', async () => {
    const records = [
      { recordId: 'b-1', version: 1, idNumber: syntheticIdNumber(910), status: 'observation', effectiveAt: iso(clock) },
      { recordId: 'b-2', version: 1, idNumber: withWrongCheckDigit(syntheticIdNumber(913)), status: 'observation', effectiveAt: iso(clock) },
      { recordId: 'b-3', version: 1, idNumber: syntheticIdNumber(911), status: 'sick', effectiveAt: iso(clock) },
      { recordId: 'b-4', version: 1, idNumber: syntheticIdNumber(912), status: 'released', effectiveAt: '2026-11-27 10:00' },
    ];
    const { body } = await push(health, { source: 'health', records });
    expect(body.data?.results.map((result) => result.outcome)).toEqual(['accepted', 'rejected', 'rejected', 'rejected']);
    expect(body.data?.results[1].reason).toMatch(/idNumber/);
    expect(body.data?.results[2].reason).toMatch(/status/);
    expect(body.data?.summary).toEqual({ accepted: 1, duplicate: 0, rejected: 3 });
    const stored = (await database().collection(COLLECTIONS.feedRecords).doc('health:b-1').get()).data[0];
    expect(JSON.stringify(stored)).not.toContain(syntheticIdNumber(910));
    expect(stored).toMatchObject({ partnerKeyId: health.keyId, version: 1, source: 'health' });
  });

  test('a replayed batch changes nothing, and an older version never overwrites a newer one', async () => {
    const record = (version: number, status: string) => ({ recordId: 'v-1', version, idNumber: syntheticIdNumber(920), status, effectiveAt: iso(clock) });
    expect((await push(health, { source: 'health', records: [record(2, 'suspected')] })).body.data?.summary.accepted).toBe(1);
    const historyBefore = await count(COLLECTIONS.feedRecords);
    expect((await push(health, { source: 'health', records: [record(2, 'suspected')] })).body.data?.summary).toEqual({ accepted: 0, duplicate: 1, rejected: 0 });
    const older = await push(health, { source: 'health', records: [record(1, 'excluded')] });
    expect(older.body.data?.results[0]).toMatchObject({ outcome: 'rejected', reason: expect.stringContaining('older') });
    expect(await count(COLLECTIONS.feedRecords)).toBe(historyBefore);
    expect((await database().collection(COLLECTIONS.feedRecords).doc('health:v-1').get()).data[0]).toMatchObject({ version: 2, facts: { status: 'suspected' } });
    expect((await push(health, { source: 'health', records: [record(3, 'excluded')] })).body.data?.summary.accepted).toBe(1);
  });
});

describe('colours follow the facts', () => {
  test('a confirmed case turns the pass red at once, with the reason, a history entry and a notice', async () => {
    const openid = openidFor('colour-red');
    dataOf(await call('resident', { action: 'apply', name: '陈红', idNumber: syntheticIdNumber(930) }, openid));
    expect((await myPass(openid)).colour).toBe('green');
    clock = new Date(clock.getTime() + 60_000);
    await push(health, { source: 'health', records: [{ recordId: 'c-1', version: 1, idNumber: syntheticIdNumber(930), status: 'confirmed', effectiveAt: iso(clock) }] });
    const pass = await myPass(openid);
    expect(pass).toMatchObject({ colour: 'red', reasons: [expect.objectContaining({ code: 'CONFIRMED_NOT_DISCHARGED', zh: '确诊未出院' })] });
    expect((await history(openid)).map((entry) => [entry.from, entry.to, entry.source])).toEqual([
      ['green', 'red', '卫生健康部门数据'],
      [null, 'green', '申领通行证'],
    ]);
    const notices = (await database().collection(COLLECTIONS.notifications).where({ openid }).get()).data;
    expect(notices).toEqual([expect.objectContaining({ title: '通行码由绿码变为红码', body: '确诊未出院', deliveredAt: null })]);

    await push(health, { source: 'health', records: [{ recordId: 'c-1', version: 2, idNumber: syntheticIdNumber(930), status: 'discharged', effectiveAt: iso(new Date(clock.getTime() + 1000)) }] });
    expect((await myPass(openid)).colour).toBe('green');
  });

  test('records that arrive before the person applies decide the colour of the new pass', async () => {
    await push(health, { source: 'health', records: [{ recordId: 'early-1', version: 1, idNumber: syntheticIdNumber(931), status: 'observation', effectiveAt: iso(clock) }] });
    const openid = openidFor('colour-early');
    const applied = dataOf(await call('resident', { action: 'apply', name: '林早', idNumber: syntheticIdNumber(931) }, openid));
    expect(applied.pass).toMatchObject({ colour: 'red', reasons: [expect.objectContaining({ code: 'UNDER_MEDICAL_MEASURES' })] });
  });

  test('yellow from a key area turns green by time alone: through the read path, and through the sweep', async () => {
    const arrival = (n: number) => ({ recordId: `t-${n}`, version: 1, idNumber: syntheticIdNumber(n), arrivedAt: iso(new Date(clock.getTime() - 2 * DAY)), fromRegion: '330302' });
    const reader = openidFor('colour-reader');
    const sleeper = openidFor('colour-sleeper');
    dataOf(await call('resident', { action: 'apply', name: '黄读', idNumber: syntheticIdNumber(940) }, reader));
    dataOf(await call('resident', { action: 'apply', name: '黄睡', idNumber: syntheticIdNumber(941) }, sleeper));
    await push(travel, { source: 'travel', records: [arrival(940), arrival(941)] });
    const yellow = await myPass(reader);
    expect(yellow).toMatchObject({ colour: 'yellow', reasons: [expect.objectContaining({ code: 'KEY_AREA_ARRIVAL' })] });
    expect(yellow.nextChangeAt).not.toBeNull();

    const start = clock;
    clock = new Date(yellow.nextChangeAt! + 1);
    try {
      // The reader opens the app: the read recomputes and writes once.
      expect((await myPass(reader)).colour).toBe('green');
      expect((await history(reader))[0]).toMatchObject({ from: 'yellow', to: 'green', source: '到期自动更新' });
      // The sleeper never opens it: two sweeps at once turn it green exactly once.
      const timer = { Type: 'Timer', TriggerName: 'sweep', Time: clock.toISOString() };
      await Promise.all([cron(timer, invocationContext('cron', { triggerSource: 'timer' })), cron(timer, invocationContext('cron', { triggerSource: 'timer' }))]);
      const stored = (await database().collection(COLLECTIONS.passes).where({ openid: sleeper }).get()).data[0] as { colour: { colour: string } };
      expect(stored.colour.colour).toBe('green');
      const sleeperHistory = await history(sleeper);
      expect(sleeperHistory.filter((entry) => entry.source === '到期自动更新')).toHaveLength(1);
      // Every queued notice is delivered exactly once by the sweeps.
      const notices = (await database().collection(COLLECTIONS.notifications).where({ openid: sleeper }).get()).data as Array<{ deliveredAt: Date | null }>;
      expect(notices.length).toBeGreaterThan(0);
      expect(notices.every((notice) => notice.deliveredAt instanceof Date)).toBe(true);
    } finally {
      clock = start;
    }
  });

  test('an identity record with a photo becomes the photo of the pass', async () => {
    const openid = openidFor('colour-photo');
    dataOf(await call('resident', { action: 'apply', name: '周照', idNumber: syntheticIdNumber(950) }, openid));
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    const { body } = await push(health, {
      source: 'identity',
      records: [{ recordId: 'id-1', version: 1, idNumber: syntheticIdNumber(950), name: '周照', photo: { contentType: 'image/jpeg', base64: photo.toString('base64') } }],
    });
    expect(body.data?.summary.accepted).toBe(1);
    const pass = await myPass(openid);
    expect(pass.photoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/storage\/download\//);
    const downloaded = Buffer.from(await (await fetch(pass.photoUrl!)).arrayBuffer());
    expect(downloaded.equals(photo)).toBe(true);
  });
});
