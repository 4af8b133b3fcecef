import { createCron } from '../../cloudfunctions/cron';
import { database } from '../../cloudfunctions/shared/cloudbase';
import type { FaceVerificationDocument } from '../../cloudfunctions/shared/domain/face-verification';
import { FACE_VERIFICATION_LIMIT } from '../../cloudfunctions/shared/face-verifications';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import { invocationContext } from '../../emulator/runtime';
import type { RunningEmulator } from '../../emulator/server';
import { callerOf, dataOf } from '../support/call';
import { startTestEmulator } from '../support/emulator';
import { FAKE_WECHAT_APP, startFakeWeChat, type FakeWeChat } from '../support/fake-wechat';
import { openidFor, syntheticIdNumber } from '../support/people';
import { testPlatform } from '../support/platform';

let emulator: RunningEmulator;
let wechat: FakeWeChat;
let clock = new Date('2026-11-27T02:00:00Z');
let call: ReturnType<typeof callerOf>;

beforeAll(async () => {
  emulator = await startTestEmulator();
  wechat = await startFakeWeChat();
  call = callerOf(
    testPlatform({
      clock: () => clock,
      env: { FACE_VERIFICATION: 'wechat', WECHAT_APPID: FAKE_WECHAT_APP.appId, WECHAT_APPSECRET: FAKE_WECHAT_APP.appSecret, WECHAT_API_BASE: wechat.url },
    }),
  );
});
afterAll(async () => {
  await wechat.close();
  await emulator.close();
});

const start = (openid: string, name: string, idNumber: string) => call('resident', { action: 'startFaceVerification', name, idNumber }, openid);
const apply = (openid: string, name: string, idNumber: string, faceVerification?: string) =>
  call('resident', { action: 'apply', name, idNumber, ...(faceVerification === undefined ? {} : { faceVerification }) }, openid);
const records = async () => (await database().collection(COLLECTIONS.faceVerifications).limit(1000).get()).data as FaceVerificationDocument[];
const passCount = async () => (await database().collection(COLLECTIONS.passes).count()).total;
const callsTo = (path: string) => wechat.calls.filter((entry) => entry.path.endsWith(path)).length;

/** Starts a verification and lets the fake phone's face scan come to `verifyRet`. */
async function verified(openid: string, name: string, idNumber: string, verifyRet = 10000) {
  const started = dataOf(await start(openid, name, idNumber));
  wechat.scan(started.verifyId, verifyRet);
  return started;
}

describe('face verification before apply (FACE_VERIFICATION=wechat, over HTTP to a fake WeChat)', () => {
  test('without a verification, apply is refused and writes no pass', async () => {
    const before = await passCount();
    await expect(apply(openidFor('face-none'), '王五', syntheticIdNumber(801))).resolves.toMatchObject({ ok: false, code: 'FACE_VERIFICATION_REQUIRED' });
    await expect(apply(openidFor('face-none'), '王五', syntheticIdNumber(801), 'no-such-seq-no')).resolves.toMatchObject({ ok: false, code: 'FACE_VERIFICATION_REQUIRED' });
    expect(await passCount()).toBe(before);
  });

  test('start asks WeChat for a verify id bound to the name, ID number and openid, and keeps neither in clear', async () => {
    const openid = openidFor('face-start');
    const idNumber = syntheticIdNumber(802);
    const started = dataOf(await start(openid, ' 赵六 ', idNumber.toLowerCase()));
    expect(started.validUntil).toBe(clock.getTime() + 3_600_000);
    const request = wechat.calls.filter((entry) => entry.path.endsWith('/getverifyid')).at(-1)?.body;
    expect(request).toMatchObject({ out_seq_no: started.verification, openid, cert_info: { cert_type: 'IDENTITY_CARD', cert_name: '赵六', cert_no: idNumber } });
    const stored = (await records()).find((record) => record._id === started.verification);
    expect(stored).toMatchObject({ openid, verifier: 'wechat', verifyId: started.verifyId });
    const text = JSON.stringify(stored);
    expect(text).not.toContain(idNumber);
    expect(text).not.toContain('赵六');
  });

  test('a passed face scan lets the same account apply; a retried apply asks WeChat no second time', async () => {
    const openid = openidFor('face-pass');
    const started = await verified(openid, '孙七', syntheticIdNumber(803));
    const queriesBefore = callsTo('/queryverifyinfo');
    await expect(apply(openid, '孙七', syntheticIdNumber(803), started.verification)).resolves.toMatchObject({ ok: true, data: { created: true } });
    await expect(apply(openid, '孙七', syntheticIdNumber(803), started.verification)).resolves.toMatchObject({ ok: true, data: { created: false } });
    expect(callsTo('/queryverifyinfo')).toBe(queriesBefore + 1);
    expect((await records()).find((record) => record._id === started.verification)).toMatchObject({ verifyRet: 10000, checkedAt: clock });
  });

  test.each([
    [90011, /光线均匀/],
    [90004, /已取消/],
    [90008, /相机和麦克风/],
    [10004, /人脸与身份证信息不一致/],
  ])('a scan that came to %i is refused with advice, and no pass is written', async (verifyRet, advice) => {
    const openid = openidFor(`face-fail-${verifyRet}`);
    const idNumber = syntheticIdNumber(810 + (verifyRet % 7));
    const started = await verified(openid, '周八', idNumber, verifyRet);
    const before = await passCount();
    const refused = await apply(openid, '周八', idNumber, started.verification);
    expect(refused).toMatchObject({ ok: false, code: 'FACE_VERIFICATION_FAILED', detail: String(verifyRet) });
    expect(refused.ok ? '' : refused.message).toMatch(advice);
    expect(await passCount()).toBe(before);
  });

  test("another account cannot use someone's verification, nor a verification for another person", async () => {
    const started = await verified(openidFor('face-owner'), '吴九', syntheticIdNumber(820));
    await expect(apply(openidFor('face-thief'), '吴九', syntheticIdNumber(820), started.verification)).resolves.toMatchObject({ ok: false, code: 'FACE_VERIFICATION_REQUIRED' });
    await expect(apply(openidFor('face-owner'), '吴九', syntheticIdNumber(821), started.verification)).resolves.toMatchObject({ ok: false, code: 'FACE_VERIFICATION_MISMATCH' });
    await expect(apply(openidFor('face-owner'), '吴十', syntheticIdNumber(820), started.verification)).resolves.toMatchObject({ ok: false, code: 'FACE_VERIFICATION_MISMATCH' });
  });

  test('a verification older than its hour must be done again', async () => {
    const openid = openidFor('face-late');
    const started = await verified(openid, '郑十一', syntheticIdNumber(830));
    clock = new Date(clock.getTime() + 3_600_000);
    await expect(apply(openid, '郑十一', syntheticIdNumber(830), started.verification)).resolves.toMatchObject({ ok: false, code: 'FACE_VERIFICATION_EXPIRED' });
  });

  test('an access token WeChat declares expired is fetched again and the call retried once', async () => {
    const tokensBefore = callsTo('/stable_token');
    wechat.failNext('/cityservice/face/identify/getverifyid', 42001);
    await expect(start(openidFor('face-token'), '王十二', syntheticIdNumber(840))).resolves.toMatchObject({ ok: true });
    expect(callsTo('/stable_token')).toBe(tokensBefore + 1);
  });

  test('WeChat busy is UNAVAILABLE (retry later); an errcode is FACE_VERIFICATION_FAILED naming it', async () => {
    wechat.failNext('/cityservice/face/identify/getverifyid', -1);
    await expect(start(openidFor('face-busy'), '冯十三', syntheticIdNumber(850))).resolves.toMatchObject({ ok: false, code: 'UNAVAILABLE' });
    const openid = openidFor('face-errcode');
    const started = await verified(openid, '陈十四', syntheticIdNumber(851));
    wechat.failNext('/cityservice/face/identify/queryverifyinfo', 84001);
    await expect(apply(openid, '陈十四', syntheticIdNumber(851), started.verification)).resolves.toMatchObject({ ok: false, code: 'FACE_VERIFICATION_FAILED', detail: 'errcode:84001' });
  });

  test('a bad ID number is refused before anything is written or sent to WeChat', async () => {
    const before = { calls: wechat.calls.length, records: (await records()).length };
    await expect(start(openidFor('face-bad'), '褚十五', '11010119000101000')).resolves.toMatchObject({ ok: false, code: 'ID_INVALID' });
    expect({ calls: wechat.calls.length, records: (await records()).length }).toEqual(before);
  });

  test(`an account may start ${FACE_VERIFICATION_LIMIT.max} face scans a day, then RATE_LIMITED`, async () => {
    const openid = openidFor('face-many');
    for (let i = 0; i < FACE_VERIFICATION_LIMIT.max; i++) dataOf(await start(openid, '卫十六', syntheticIdNumber(860)));
    await expect(start(openid, '卫十六', syntheticIdNumber(860))).resolves.toMatchObject({ ok: false, code: 'RATE_LIMITED' });
  });

  test('cron deletes verification records after 30 days', async () => {
    const started = dataOf(await start(openidFor('face-old'), '蒋十七', syntheticIdNumber(870)));
    const cron = createCron(testPlatform({ clock: () => clock }));
    clock = new Date(clock.getTime() + 31 * 24 * 3_600_000);
    await cron({ Type: 'Timer', TriggerName: 'sweep', Time: clock.toISOString() }, invocationContext('cron', { triggerSource: 'timer' }));
    expect((await records()).map((record) => record._id)).not.toContain(started.verification);
  });
});

describe('FACE_VERIFICATION=local and off', () => {
  test('local approves a scan it never made, for the same person and account only', async () => {
    const local = callerOf(testPlatform({ env: { FACE_VERIFICATION: 'local' } }));
    const openid = openidFor('face-local');
    const started = dataOf(await local('resident', { action: 'startFaceVerification', name: '沈十八', idNumber: syntheticIdNumber(880) }, openid));
    expect(started.verifyId).toMatch(/^local\./);
    const refused = await local('resident', { action: 'apply', name: '沈十九', idNumber: syntheticIdNumber(880), faceVerification: started.verification }, openid);
    expect(refused).toMatchObject({ ok: false, code: 'FACE_VERIFICATION_MISMATCH' });
    const applied = await local('resident', { action: 'apply', name: '沈十八', idNumber: syntheticIdNumber(880), faceVerification: started.verification }, openid);
    expect(applied).toMatchObject({ ok: true, data: { created: true } });
  });

  test('off (the default): apply needs no scan, and starting one is refused as unnecessary', async () => {
    const off = callerOf(testPlatform());
    await expect(off('resident', { action: 'apply', name: '韩二十', idNumber: syntheticIdNumber(890) }, openidFor('face-off'))).resolves.toMatchObject({ ok: true });
    await expect(off('resident', { action: 'startFaceVerification', name: '韩二十', idNumber: syntheticIdNumber(890) }, openidFor('face-off2'))).resolves.toMatchObject({ ok: false, code: 'INVALID_STATE' });
  });
});
