import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { database } from '../../cloudfunctions/shared/cloudbase';
import type { PassDocument } from '../../cloudfunctions/shared/domain/pass';
import { PHOTO_LINK_MARGIN_MS, PHOTO_LINK_SECONDS } from '../../cloudfunctions/shared/domain/photo-link';
import type { ScanDocument } from '../../cloudfunctions/shared/scans';
import { encodeToken, generateSigningKeyConfig, parseKeyRing, type TokenClaims } from '../../cloudfunctions/shared/domain/token';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import type { RunningEmulator } from '../../emulator/server';
import type { CodeView, OfflineScan, VerifyResult } from '../../typings/contract';
import { callerOf, dataOf } from '../support/call';
import { applicants, grantGuard, grantStaff } from '../support/accounts';
import { startTestEmulator } from '../support/emulator';
import { COLOUR_PARTNERS, COLOUR_PARTNERS_ENV, colourFeeds, feedPusher } from '../support/feeds';
import { testPlatform } from '../support/platform';
import { openidFor, syntheticIdNumber } from '../support/people';
import { roundTripCounter } from '../support/round-trips';

const PREFIX = 'https://txm.example.cn/v/';
const CURRENT_KEYS = generateSigningKeyConfig('0002');
const OLD_KEYS = generateSigningKeyConfig('0001');
const current = parseKeyRing(CURRENT_KEYS);
const old = parseKeyRing(OLD_KEYS);
/** Key 0002 signs; key 0001, replaced, still verifies until it is retired (`retiredAt`, seconds). */
function keyConfig(oldKeyRetiredAt?: number): string {
  const [signing] = (JSON.parse(CURRENT_KEYS) as { keys: object[] }).keys;
  const [replaced] = (JSON.parse(OLD_KEYS) as { keys: Array<{ kid: string; privateKey: string }> }).keys;
  const publicKey = createPublicKey(old.signing.privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
  return JSON.stringify({ keys: [signing, { kid: replaced.kid, publicKey, ...(oldKeyRetiredAt === undefined ? {} : { retiredAt: oldKeyRetiredAt }) }] });
}

let clock = new Date('2026-11-27T02:00:00Z');
const env = { TOKEN_SIGNING_KEYS: keyConfig(), FEED_PARTNERS: COLOUR_PARTNERS_ENV };
const platform = testPlatform({ clock: () => clock, env });
const call = callerOf(platform);
const turn = colourFeeds(platform);
const push = feedPusher(platform);
let emulator: RunningEmulator;

const GUARD = openidFor('verify-guard');
const STAFF = openidFor('verify-staff');
const BYSTANDER = openidFor('verify-bystander');
const POST = { checkpointId: 'cp-1', checkpointName: '幸福小区东门' };

beforeAll(async () => {
  emulator = await startTestEmulator();
  await grantGuard(GUARD, POST);
  await grantStaff(STAFF);
});
afterAll(() => emulator.close());

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const later = (ms: number) => new Date(clock.getTime() + ms);
const resident = applicants(call, 'verify');
const code = async (openid: string) => dataOf(await call('resident', { action: 'code' }, openid)) as CodeView;
/** `checkpointId` null: the scan declares none, as the verifier page opened from a WeChat camera scan. */
const verify = async (scanned: string, openid = GUARD, checkpointId: string | null = POST.checkpointId) =>
  dataOf(await call('guard', checkpointId === null ? { action: 'verify', scanned } : { action: 'verify', scanned, checkpointId }, openid)) as VerifyResult;
const scanLog = async (openid: string, scanId: string) => (await database().collection(COLLECTIONS.scans).doc(`${openid}:${scanId}`).get()).data[0] as ScanDocument | undefined;
const cardToken = (claims: Omit<TokenClaims, 'kind'>) => PREFIX + encodeToken({ ...claims, kind: 'card' }, current.signing);

/** The same token with one byte of its signed part changed (a forger's edit); canonical base64url still. */
function withOneByteAltered(url: string, offset: number): string {
  const bytes = Buffer.from(url.slice(PREFIX.length), 'base64url');
  bytes[offset] ^= 0x01;
  return PREFIX + bytes.toString('base64url');
}

describe('the verdict follows the live colour', () => {
  test('code → verify for green, yellow and red: PASS, CAUTION, STOP, with the person for a guard', async () => {
    const people = { green: await resident('钱绿'), yellow: await resident('孙黄'), red: await resident('李红') };
    await turn(people.yellow.idNumber, 'yellow');
    await turn(people.red.idNumber, 'red');
    for (const [colour, verdict] of [['green', 'PASS'], ['yellow', 'CAUTION'], ['red', 'STOP']] as const) {
      const { openid, pass } = people[colour];
      const result = await verify((await code(openid)).url);
      expect(result).toEqual({
        verdict,
        serverTime: clock.getTime(),
        colour,
        colourSince: expect.any(Number),
        reasons: expect.any(Array),
        person: { nameMasked: pass.nameMasked, photo: null },
        scanId: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
      });
      expect(await scanLog(GUARD, result.scanId)).toMatchObject({ by: GUARD, checkpointId: 'cp-1', passRef: pass.passId, verdict, colour, offline: false, at: clock });
    }
  });

  test('a green code of a person who turned red since it was issued: STOP, and the log says STOP', async () => {
    const { openid, idNumber } = await resident();
    const green = await code(openid);
    clock = later(30_000);
    await turn(idNumber, 'red');
    const result = await verify(green.url);
    expect(result).toMatchObject({ verdict: 'STOP', colour: 'red' });
    expect(await scanLog(GUARD, result.scanId)).toMatchObject({ verdict: 'STOP', colour: 'red', colourInToken: 'green' });
  });

  test('any other account gets the verdict and the colour only: no person, no reasons; its attempt is logged', async () => {
    const { openid, pass } = await resident();
    const result = await verify((await code(openid)).url, BYSTANDER, null);
    expect(result).toEqual({ verdict: 'PASS', colour: 'green', serverTime: clock.getTime(), scanId: expect.any(String) });
    expect(await scanLog(BYSTANDER, result.scanId)).toMatchObject({ by: BYSTANDER, checkpointId: null, passRef: pass.passId, verdict: 'PASS' });
  });
});

describe('refusals', () => {
  let owner: Awaited<ReturnType<typeof resident>>;
  let fresh: CodeView;
  beforeAll(async () => {
    owner = await resident();
    fresh = await code(owner.openid);
  });
  const expectRefused = async (scanned: string, verdict: VerifyResult['verdict']) => {
    const result = await verify(scanned);
    expect(result).toEqual({ verdict, serverTime: clock.getTime(), scanId: expect.any(String) });
    expect(await scanLog(GUARD, result.scanId)).toMatchObject({ verdict, colour: null, passRef: null });
  };

  test('one altered byte, in the header, the pass reference or the signature: INVALID', async () => {
    for (const offset of [3, 4, 12, 40, 89]) await expectRefused(withOneByteAltered(fresh.url, offset), 'INVALID');
  });

  test('a token signed by a foreign key under our key id: INVALID', async () => {
    const foreign = parseKeyRing(generateSigningKeyConfig('0002')).signing;
    const claims: TokenClaims = { passRef: owner.pass.passId, issuedAt: seconds(clock), expiresAt: seconds(clock) + 180, colour: 'green', kind: 'code' };
    await expectRefused(PREFIX + encodeToken(claims, foreign), 'INVALID');
  });

  test('a genuine token for a pass that does not exist: INVALID', async () => {
    const claims: TokenClaims = { passRef: 'no-such-pass-anywhere', issuedAt: seconds(clock), expiresAt: seconds(clock) + 180, colour: 'green', kind: 'code' };
    const result = await verify(PREFIX + encodeToken(claims, current.signing));
    expect(result).toEqual({ verdict: 'INVALID', serverTime: clock.getTime(), scanId: expect.any(String) });
  });

  test('QR codes that are not ours, empty and 100 KB input: NOT_OURS, logged', async () => {
    const huge = PREFIX + 'A'.repeat(100 * 1024);
    const others = ['', 'https://example.com/v/abc', '你好，这是一段文字', `${fresh.url}?from=share`, fresh.url.replace('https://', 'http://'), fresh.token, huge];
    for (const scanned of others) await expectRefused(scanned, 'NOT_OURS');
  });

  test('expiry, with the 30 s clock-skew allowance: valid up to the last second, EXPIRED one second later', async () => {
    const expiresAt = new Date(fresh.expiresAt);
    const issuedClock = clock;
    try {
      clock = new Date(expiresAt.getTime() + 29_000);
      expect(await verify(fresh.url)).toMatchObject({ verdict: 'PASS' });
      clock = new Date(expiresAt.getTime() + 30_000);
      const expired = await verify(fresh.url);
      // A genuine token: the guard still sees whose it is and the live colour, and asks for a fresh code.
      expect(expired).toMatchObject({ verdict: 'EXPIRED', colour: 'green', person: { nameMasked: owner.pass.nameMasked } });
      expect(await scanLog(GUARD, expired.scanId)).toMatchObject({ verdict: 'EXPIRED', passRef: owner.pass.passId });
    } finally {
      clock = issuedClock;
    }
  });

  test('a code issued by a clock ahead of ours: valid within 30 s, EXPIRED beyond (never valid before its time)', async () => {
    const issuedClock = clock;
    try {
      clock = new Date(fresh.issuedAt - 30_000);
      expect(await verify(fresh.url)).toMatchObject({ verdict: 'PASS' });
      clock = new Date(fresh.issuedAt - 31_000);
      expect(await verify(fresh.url)).toMatchObject({ verdict: 'EXPIRED' });
    } finally {
      clock = issuedClock;
    }
  });

  test('a replaced key verifies until it is retired; from then on its codes are INVALID', async () => {
    const claims: TokenClaims = { passRef: owner.pass.passId, issuedAt: seconds(clock), expiresAt: seconds(clock) + 180, colour: 'green', kind: 'code' };
    const underOldKey = PREFIX + encodeToken(claims, old.signing);
    expect(await verify(underOldKey)).toMatchObject({ verdict: 'PASS' });
    const retiring = callerOf(testPlatform({ clock: () => clock, env: { ...env, TOKEN_SIGNING_KEYS: keyConfig(seconds(clock) + 60) } }));
    const at = async () => dataOf(await retiring('guard', { action: 'verify', scanned: underOldKey }, GUARD)).verdict;
    expect(await at()).toBe('PASS');
    const before = clock;
    try {
      clock = new Date(clock.getTime() + 60_000);
      expect(await at()).toBe('INVALID');
    } finally {
      clock = before;
    }
  });
});

describe('printed cards: every online check compares the serial', () => {
  const staff = (event: Record<string, unknown>) => call('staff', event as never, STAFF);
  async function printedPass(sequence: number) {
    const result = await staff({ action: 'issuePrintedPass', name: '吴纸卡', idNumber: syntheticIdNumber(sequence), reason: '本人无智能手机，持身份证到社区办理' });
    return (dataOf(result) as { pass: { passId: string; card: { serial: number } } }).pass;
  }
  const card = (passRef: string, cardSerial: number) =>
    cardToken({ passRef, issuedAt: seconds(clock), expiresAt: seconds(clock) + 365 * 86_400, colour: 'green', cardSerial });

  test('a reprint revokes the old card: REVOKED, while the new card passes', async () => {
    const pass = await printedPass(801);
    const first = card(pass.passId, pass.card.serial);
    expect(await verify(first)).toMatchObject({ verdict: 'PASS', person: { nameMasked: '吴*卡' } });
    dataOf(await staff({ action: 'reprintCard', passId: pass.passId, reason: '卡片遗失，本人持身份证补办' }));
    const revoked = await verify(first);
    expect(revoked).toMatchObject({ verdict: 'REVOKED', colour: 'green' });
    expect(await scanLog(GUARD, revoked.scanId)).toMatchObject({ verdict: 'REVOKED' });
    expect(await verify(card(pass.passId, pass.card.serial + 1))).toMatchObject({ verdict: 'PASS' });
  });

  test('a cancelled pass: its card is REVOKED', async () => {
    const pass = await printedPass(802);
    const printed = card(pass.passId, pass.card.serial);
    dataOf(await staff({ action: 'cancelPass', passId: pass.passId, reason: '本人已迁出本市' }));
    expect(await verify(printed)).toMatchObject({ verdict: 'REVOKED' });
  });

  test('a phone code of a pass cancelled since it was issued: REVOKED', async () => {
    const { openid, pass } = await resident();
    const view = await code(openid);
    await database().collection(COLLECTIONS.passes).doc(pass.passId).update({ status: 'cancelled' });
    expect(await verify(view.url)).toMatchObject({ verdict: 'REVOKED' });
  });
});

describe('the scan log costs no round trip of its own', () => {
  test('guard at a declared checkpoint: one round trip (pass, grants and log entry together); undeclared: a second write corrects the log', async () => {
    const { openid, pass } = await resident();
    const view = await code(openid);
    const counter = await roundTripCounter(emulator.url);
    try {
      const declared = await counter.measure(() => verify(view.url));
      expect(declared.roundTrips).toBe(1);
      expect([...declared.actions].sort()).toEqual(['database.getDocument', 'database.getDocument', 'database.insertDocument']);
      expect(declared.result).toMatchObject({ verdict: 'PASS', person: { nameMasked: pass.nameMasked } });

      const refused = await counter.measure(() => verify('https://example.com/other'));
      expect(refused).toMatchObject({ roundTrips: 1, result: { verdict: 'NOT_OURS' } });

      const undeclared = await counter.measure(() => verify(view.url, GUARD, null));
      expect(undeclared.roundTrips).toBe(2);
      expect(await scanLog(GUARD, undeclared.result.scanId)).toMatchObject({ checkpointId: 'cp-1', verdict: 'PASS' });
    } finally {
      await counter.close();
    }
  });

  test('a checkpoint declared by someone who is not posted there is not believed', async () => {
    const { openid } = await resident();
    const result = await verify((await code(openid)).url, BYSTANDER, 'cp-1');
    expect(result.person).toBeUndefined();
    expect(await scanLog(BYSTANDER, result.scanId)).toMatchObject({ checkpointId: null });
  });
});

describe("the guard sees the owner's photo through a temporary URL kept on the pass", () => {
  const jpeg = (fill: number) => Buffer.from([0xff, 0xd8, 0xff, 0xe0, fill, fill, fill, 0xff, 0xd9]);
  let version = 0;
  /** An identity record with a photo for the person, through the real feed function. */
  const sendPhoto = async (idNumber: string, bytes: Buffer) => {
    version++;
    const record = { recordId: `photo-${idNumber}`, version, idNumber, name: '王小明', photo: { contentType: 'image/jpeg', base64: bytes.toString('base64') } };
    const { body } = await push(COLOUR_PARTNERS.health, { source: 'identity', records: [record] });
    expect(body.data?.summary.accepted).toBe(1);
  };
  const storedPass = async (passId: string) => (await database().collection(COLLECTIONS.passes).doc(passId).get()).data[0] as PassDocument;
  const download = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());
  const LOG_AND_READS = ['database.getDocument', 'database.getDocument', 'database.insertDocument'];
  const NEW_LINK = [...LOG_AND_READS, 'database.modifyDocument', 'storage.batchGetDownloadUrl'];

  test('a URL the emulator serves the photo at; kept on the pass, so later scans ask storage nothing (one round trip); never for anyone else', async () => {
    const { openid, idNumber, pass } = await resident();
    const photo = jpeg(1);
    await sendPhoto(idNumber, photo);
    const view = await code(openid);
    // Showing the code kept a link already; without it (a code the phone kept from before the photo came), the guard's scan makes one.
    expect((await storedPass(pass.passId)).photoLink?.url).toEqual(expect.any(String));
    await database().collection(COLLECTIONS.passes).doc(pass.passId).update({ photoLink: null });
    const counter = await roundTripCounter(emulator.url);
    try {
      const first = await counter.measure(() => verify(view.url));
      const url = first.result.person?.photo ?? '';
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/storage\/download\/.+\?expires=\d+&sign=/);
      expect(await download(url)).toEqual(photo);
      // The pass read; then storage signs a URL; then the pass keeps it.
      expect([...first.actions].sort()).toEqual(NEW_LINK);
      expect(first.roundTrips).toBe(3);
      const stored = await storedPass(pass.passId);
      expect(stored.photoLink).toEqual({ fileID: stored.photo, url, until: later(PHOTO_LINK_SECONDS * 1000) });

      const second = await counter.measure(() => verify(view.url));
      expect(second).toMatchObject({ roundTrips: 1, result: { verdict: 'PASS', person: { photo: url } } });
      expect([...second.actions].sort()).toEqual(LOG_AND_READS);

      const bystander = await counter.measure(() => verify(view.url, BYSTANDER, null));
      expect(bystander.result.person).toBeUndefined();
      expect(JSON.stringify(bystander.result)).not.toContain('/storage/');
      expect(bystander.actions.filter((action) => action.startsWith('storage.'))).toEqual([]);
    } finally {
      await counter.close();
    }
  });

  test('a kept link with less than its margin to live, or expired, is replaced by a new one', async () => {
    const start = clock;
    try {
      const { openid, idNumber, pass } = await resident();
      await sendPhoto(idNumber, jpeg(2));
      const first = (await verify((await code(openid)).url)).person?.photo;
      const { photoLink: kept } = await storedPass(pass.passId);

      clock = new Date(kept!.until.getTime() - PHOTO_LINK_MARGIN_MS);
      expect((await verify((await code(openid)).url)).person?.photo).toBe(first);
      expect((await storedPass(pass.passId)).photoLink).toEqual(kept);

      for (const after of [1, PHOTO_LINK_SECONDS * 1000]) {
        const { photoLink: before } = await storedPass(pass.passId);
        clock = new Date(before!.until.getTime() - PHOTO_LINK_MARGIN_MS + after);
        const counter = await roundTripCounter(emulator.url);
        try {
          const renewed = await counter.measure(async () => verify((await code(openid)).url));
          expect(renewed.actions).toContain('storage.batchGetDownloadUrl');
          const { photoLink } = await storedPass(pass.passId);
          expect(photoLink).toEqual({ fileID: before!.fileID, url: renewed.result.person?.photo, until: later(PHOTO_LINK_SECONDS * 1000) });
          expect(await download(photoLink!.url)).toEqual(jpeg(2));
        } finally {
          await counter.close();
        }
      }
    } finally {
      clock = start;
    }
  });

  test('a new photo from the identity feed drops the kept link: the guard sees the new photo at once', async () => {
    const { openid, idNumber, pass } = await resident();
    await sendPhoto(idNumber, jpeg(3));
    const old = (await verify((await code(openid)).url)).person?.photo;
    expect(await download(old!)).toEqual(jpeg(3));

    await sendPhoto(idNumber, jpeg(4));
    const updated = await storedPass(pass.passId);
    expect(updated.photoLink).toBeNull();
    const url = (await verify((await code(openid)).url)).person?.photo;
    expect(url).not.toBe(old);
    expect(await download(url!)).toEqual(jpeg(4));
    expect((await storedPass(pass.passId)).photoLink).toMatchObject({ fileID: updated.photo, url });
  });

  test('a pass with no photo: null, and storage is not asked', async () => {
    const { openid } = await resident();
    const view = await code(openid);
    const counter = await roundTripCounter(emulator.url);
    try {
      expect(await counter.measure(() => verify(view.url))).toMatchObject({ roundTrips: 1, result: { person: { photo: null } } });
    } finally {
      await counter.close();
    }
  });
});

describe('offline verification support', () => {
  test('keySet: the public keys with retirement, trusted 48 hours, and the URL prefix; the keys verify our codes', async () => {
    const keySet = dataOf(await call('guard', { action: 'keySet' }, GUARD));
    expect(keySet).toMatchObject({ issuedAt: seconds(clock), expiresAt: seconds(clock) + 48 * 3600, urlPrefix: PREFIX });
    expect(keySet.keys.map((key) => key.kid)).toEqual(['0002', '0001']);
    const { openid } = await resident();
    const token = Buffer.from((await code(openid)).token, 'base64url');
    const jwk = keySet.keys.find((key) => key.kid === '0002')!;
    const publicKey = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: 'jwk' });
    expect(verifySignature('sha256', token.subarray(0, -64), { key: publicKey, dsaEncoding: 'ieee-p1363' }, token.subarray(-64))).toBe(true);
  });

  const offlineScan = (clientScanId: string, verdict: OfflineScan['verdict'] = 'PASS'): OfflineScan => ({
    clientScanId,
    scannedAt: clock.getTime() - 60_000,
    verdict,
    passRef: 'CXScW2jdwmaD-dTcj4aBaw',
    colourInToken: 'green',
  });

  test('uploadScans stores each scan once, however often the phone retries', async () => {
    const batch = [offlineScan('phone-scan-0001'), offlineScan('phone-scan-0002'), offlineScan('phone-scan-0002')];
    expect(dataOf(await call('guard', { action: 'uploadScans', scans: batch }, GUARD))).toEqual({ stored: 2, duplicates: 1 });
    expect(dataOf(await call('guard', { action: 'uploadScans', scans: [...batch, offlineScan('phone-scan-0003')] }, GUARD))).toEqual({ stored: 1, duplicates: 3 });
    const stored = (await database().collection(COLLECTIONS.scans).where({ by: GUARD, offline: true }).get()).data as ScanDocument[];
    expect(stored.map((scan) => scan._id).sort()).toEqual([`${GUARD}:phone-scan-0001`, `${GUARD}:phone-scan-0002`, `${GUARD}:phone-scan-0003`]);
    expect(stored[0]).toMatchObject({ checkpointId: 'cp-1', verdict: 'PASS', colourInToken: 'green', at: new Date(clock.getTime() - 60_000), uploadedAt: clock });
  });

  test('an upload racing with its own retry stores each scan once between them', async () => {
    const batch = Array.from({ length: 20 }, (_, index) => offlineScan(`race-scan-${String(index).padStart(4, '0')}`));
    const upload = async () => dataOf(await call('guard', { action: 'uploadScans', scans: batch }, GUARD));
    const [first, second] = await Promise.all([upload(), upload()]);
    expect({ stored: first.stored + second.stored, duplicates: first.duplicates + second.duplicates }).toEqual({ stored: 20, duplicates: 20 });
    expect((await database().collection(COLLECTIONS.scans).where({ _id: database().command.in(batch.map((scan) => `${GUARD}:${scan.clientScanId}`)) }).count()).total).toBe(20);
  });

  test('at most 200 scans per upload', async () => {
    const scans = Array.from({ length: 201 }, (_, index) => offlineScan(`bulk-scan-${String(index).padStart(4, '0')}`));
    await expect(call('guard', { action: 'uploadScans', scans }, GUARD)).resolves.toMatchObject({ ok: false, code: 'INVALID_REQUEST', message: expect.stringContaining('200') });
    expect(dataOf(await call('guard', { action: 'uploadScans', scans: scans.slice(0, 200) }, GUARD))).toEqual({ stored: 200, duplicates: 0 });
  });
});
