import { database } from '../../cloudfunctions/shared/cloudbase';
import type { PassDocument } from '../../cloudfunctions/shared/domain/pass';
import { generateSigningKeyConfig, parseKeyRing, qrVersionByteModeM, verifyToken, QR_VERSION_BUDGET } from '../../cloudfunctions/shared/domain/token';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import type { RunningEmulator } from '../../emulator/server';
import type { CodeView } from '../../typings/contract';
import { callerOf, dataOf } from '../support/call';
import { applicants } from '../support/accounts';
import { startTestEmulator } from '../support/emulator';
import { COLOUR_PARTNERS, COLOUR_PARTNERS_ENV, colourFeeds, feedPusher } from '../support/feeds';
import { testPlatform } from '../support/platform';
import { openidFor } from '../support/people';
import { roundTripCounter } from '../support/round-trips';

const TOKEN_SIGNING_KEYS = generateSigningKeyConfig('0001');
const keys = parseKeyRing(TOKEN_SIGNING_KEYS);
const DEFAULT_PREFIX = 'https://txm.example.cn/v/';
let clock = new Date('2026-11-27T02:00:00Z');
const platform = testPlatform({ clock: () => clock, env: { TOKEN_SIGNING_KEYS, FEED_PARTNERS: COLOUR_PARTNERS_ENV } });
const call = callerOf(platform);
const turn = colourFeeds(platform);
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const resident = applicants(call, 'code');
const code = async (openid: string) => dataOf(await call('resident', { action: 'code' }, openid)) as CodeView;

describe('code: a fresh signed code for the caller’s pass', () => {
  test('the token is ours, names the pass, carries the colour now and lives the configured 180 s; the QR fits version 8 at level M', async () => {
    const { openid, pass } = await resident('李四');
    const view = await code(openid);
    expect(view).toMatchObject({
      url: DEFAULT_PREFIX + view.token,
      issuedAt: seconds(clock) * 1000,
      expiresAt: (seconds(clock) + 180) * 1000,
      serverTime: clock.getTime(),
      colour: 'green',
      nameMasked: pass.nameMasked,
      photo: null,
      status: 'active',
    });
    const verdict = verifyToken(view.token, keys.verifying, seconds(clock), 0);
    expect(verdict).toEqual({ ok: true, keyId: '0001', claims: { passRef: pass.passId, issuedAt: seconds(clock), expiresAt: seconds(clock) + 180, colour: 'green', kind: 'code' } });
    expect(qrVersionByteModeM(view.url)).toBeLessThanOrEqual(QR_VERSION_BUDGET);
  });

  test('each call signs a fresh code at the clock of the call', async () => {
    const { openid } = await resident();
    const first = await code(openid);
    clock = new Date(clock.getTime() + 61_000);
    const second = await code(openid);
    expect(second.issuedAt - first.issuedAt).toBe(61_000);
    expect(second.token).not.toBe(first.token);
  });

  test('the colour at issue is the live one: red after a confirmed case, with the reason', async () => {
    const { openid, idNumber } = await resident();
    await turn(idNumber, 'red');
    const view = await code(openid);
    expect(view).toMatchObject({ colour: 'red', reasons: [expect.objectContaining({ code: 'CONFIRMED_NOT_DISCHARGED' })] });
    expect(verifyToken(view.token, keys.verifying, seconds(clock), 0)).toMatchObject({ ok: true, claims: { colour: 'red' } });
  });

  test('a yellow colour due to turn green by time is refreshed before signing', async () => {
    const { openid, idNumber, pass } = await resident();
    await turn(idNumber, 'yellow');
    const yellow = await code(openid);
    expect(yellow.colour).toBe('yellow');
    const stored = (await database().collection(COLLECTIONS.passes).doc(pass.passId).get()).data[0] as PassDocument;
    clock = new Date(stored.colour.nextChangeAt!.getTime() + 1000);
    const green = await code(openid);
    expect(green.colour).toBe('green');
    expect(verifyToken(green.token, keys.verifying, seconds(clock), 0)).toMatchObject({ ok: true, claims: { colour: 'green' } });
  });

  test('the photo is a temporary URL of the photo the identity feed put on the pass, kept for the next code', async () => {
    const { openid, idNumber, pass } = await resident('周照');
    const photo = { contentType: 'image/jpeg', base64: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]).toString('base64') };
    await feedPusher(platform)(COLOUR_PARTNERS.health, { source: 'identity', records: [{ recordId: `photo-${pass.passId}`, version: 1, idNumber, name: '周照', photo }] });
    const stored = (await database().collection(COLLECTIONS.passes).doc(pass.passId).get()).data[0] as PassDocument;
    expect(stored.photo).toEqual(expect.any(String));
    const url = (await code(openid)).photo ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/storage\/download\/.+\?expires=\d+&sign=/);
    expect(Buffer.from(await (await fetch(url)).arrayBuffer()).toString('base64')).toBe(photo.base64);
    expect(((await database().collection(COLLECTIONS.passes).doc(pass.passId).get()).data[0] as PassDocument).photoLink).toMatchObject({ fileID: stored.photo, url });
    expect((await code(openid)).photo).toBe(url);
  });

  test('one database round trip on the critical path: one request, the pass by its account', async () => {
    const { openid } = await resident();
    const counter = await roundTripCounter(emulator.url);
    try {
      const measured = await counter.measure(() => code(openid));
      expect(measured).toMatchObject({ roundTrips: 1, actions: ['database.getDocument'] });
      expect(measured.result.colour).toBe('green');
    } finally {
      await counter.close();
    }
  });

  test('no pass: NO_PASS; a cancelled pass: INVALID_STATE, and no code is signed', async () => {
    await expect(call('resident', { action: 'code' }, openidFor('code-nobody'))).resolves.toMatchObject({ ok: false, code: 'NO_PASS', message: expect.stringContaining('申领') });
    const { openid, pass } = await resident();
    await database().collection(COLLECTIONS.passes).doc(pass.passId).update({ status: 'cancelled' });
    await expect(call('resident', { action: 'code' }, openid)).resolves.toMatchObject({ ok: false, code: 'INVALID_STATE', message: expect.stringContaining('已注销') });
  });

  test('lifetime and URL prefix come from configuration', async () => {
    const { openid } = await resident();
    const configured = testPlatform({
      clock: () => clock,
      env: { TOKEN_SIGNING_KEYS, CODE_LIFETIME_SECONDS: '60', CODE_URL_PREFIX: 'https://pass.example.gov.cn/c?t=' },
    });
    const view = dataOf(await callerOf(configured)('resident', { action: 'code' }, openid));
    expect(view.expiresAt - view.issuedAt).toBe(60_000);
    expect(view.url).toBe(`https://pass.example.gov.cn/c?t=${view.token}`);
  });
});

describe('familyCode: the code of a pass the caller may display', () => {
  async function family() {
    const owner = await resident('赵老人');
    const member = owner.openid.replace('-r', '-m');
    const invitation = dataOf(await call('resident', { action: 'familyInvite', label: '爷爷' }, owner.openid));
    const { pass } = dataOf(await call('resident', { action: 'familyAccept', code: invitation.code }, member));
    return { owner, member, grantId: pass.grantId };
  }

  test('a family member gets a code for the owner’s pass', async () => {
    const { owner, member, grantId } = await family();
    const view = dataOf(await call('resident', { action: 'familyCode', grantId }, member));
    expect(view).toMatchObject({ nameMasked: owner.pass.nameMasked, colour: 'green', status: 'active' });
    expect(verifyToken(view.token, keys.verifying, seconds(clock), 0)).toMatchObject({ ok: true, claims: { passRef: owner.pass.passId, kind: 'code' } });
  });

  test('anyone else with the grant id, the owner, and the member once revoked: NOT_FOUND', async () => {
    const { owner, member, grantId } = await family();
    const notFound = { ok: false, code: 'NOT_FOUND', message: expect.stringContaining('授权') };
    await expect(call('resident', { action: 'familyCode', grantId }, openidFor('code-stranger'))).resolves.toMatchObject(notFound);
    await expect(call('resident', { action: 'familyCode', grantId }, owner.openid)).resolves.toMatchObject(notFound);
    await expect(call('resident', { action: 'familyCode', grantId: 'no-such-grant' }, member)).resolves.toMatchObject(notFound);
    dataOf(await call('resident', { action: 'familyRevoke', grantId }, owner.openid));
    await expect(call('resident', { action: 'familyCode', grantId }, member)).resolves.toMatchObject(notFound);
  });
});
