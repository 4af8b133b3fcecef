import { database } from '../../cloudfunctions/shared/cloudbase';
import { generateSigningKeyConfig } from '../../cloudfunctions/shared/domain/token';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import type { RunningEmulator } from '../../emulator/server';
import type { AuditEntryView, FollowUpView, VerifyResult } from '../../typings/contract';
import { callerOf, dataOf } from '../support/call';
import { applicants, grantGuard, grantStaff } from '../support/accounts';
import { startTestEmulator } from '../support/emulator';
import { COLOUR_PARTNERS_ENV, colourFeeds } from '../support/feeds';
import { testPlatform } from '../support/platform';
import { openidFor, syntheticIdNumber } from '../support/people';

let clock = new Date('2026-11-27T02:00:00Z');
const platform = testPlatform({ clock: () => clock, env: { TOKEN_SIGNING_KEYS: generateSigningKeyConfig('0001'), FEED_PARTNERS: COLOUR_PARTNERS_ENV } });
const call = callerOf(platform);
const turn = colourFeeds(platform);
let emulator: RunningEmulator;

const GUARD = openidFor('follow-guard');
const OTHER_GUARD = openidFor('follow-guard-2');
const STAFF = openidFor('follow-staff');
const POST = { checkpointId: 'cp-7', checkpointName: '幸福小区北门' };

beforeAll(async () => {
  emulator = await startTestEmulator();
  await grantGuard(GUARD, POST);
  await grantGuard(OTHER_GUARD, { checkpointId: 'cp-8', checkpointName: '幸福小区南门' });
  await grantStaff(STAFF);
});
afterAll(() => emulator.close());

const resident = applicants(call, 'follow');
/** A person of the given colour, scanned by GUARD at its post: the scan's answer and the person's masked name. */
async function scanned(colour: 'green' | 'yellow' | 'red') {
  const { openid, idNumber, pass } = await resident('郑跟进');
  if (colour !== 'green') await turn(idNumber, colour);
  const { url } = dataOf(await call('resident', { action: 'code' }, openid));
  const scan = dataOf(await call('guard', { action: 'verify', scanned: url, checkpointId: POST.checkpointId }, GUARD)) as VerifyResult;
  return { scan, nameMasked: pass.nameMasked };
}
const report = (scanId: string, note?: string, openid = GUARD) =>
  call('guard', note === undefined ? { action: 'reportFollowUp', scanId } : { action: 'reportFollowUp', scanId, note }, openid);
const list = async (status?: 'open' | 'closed') =>
  (dataOf(await call('staff', status ? { action: 'followUps', status } : { action: 'followUps' }, STAFF)) as { followUps: FollowUpView[] }).followUps;
const close = (followUpId: string, note: string) => call('staff', { action: 'closeFollowUp', followUpId, note }, STAFF);

describe('reportFollowUp: a guard reports a yellow or red person with one tap', () => {
  test('a yellow scan becomes an open follow-up at the guard’s post, with colour, masked name and note', async () => {
    const { scan, nameMasked } = await scanned('yellow');
    expect(scan.verdict).toBe('CAUTION');
    const { followUpId } = dataOf(await report(scan.scanId, '自述从外地返回，已提醒居家观察'));
    expect((await list()).find((item) => item.followUpId === followUpId)).toEqual({
      followUpId,
      status: 'open',
      createdAt: clock.getTime(),
      checkpointName: POST.checkpointName,
      colour: 'yellow',
      nameMasked,
      reportedByMasked: `${GUARD.slice(0, 4)}…${GUARD.slice(-4)}`,
      note: '自述从外地返回，已提醒居家观察',
      closedAt: null,
      closingNote: null,
    });
  });

  test('the same scan reported twice is the same follow-up', async () => {
    const { scan } = await scanned('red');
    const first = dataOf(await report(scan.scanId));
    const second = dataOf(await report(scan.scanId, '再次上报'));
    expect(second).toEqual(first);
    const stored = await database().collection(COLLECTIONS.followUps).where({ scan: `${GUARD}:${scan.scanId}` }).get();
    expect(stored.data).toEqual([expect.objectContaining({ colour: 'red', note: '' })]);
  });

  test('a green scan is not reported: INVALID_STATE', async () => {
    const { scan } = await scanned('green');
    expect(scan.verdict).toBe('PASS');
    await expect(report(scan.scanId)).resolves.toMatchObject({ ok: false, code: 'INVALID_STATE', message: expect.stringContaining('黄码、红码') });
  });

  test('another guard’s scan, or an unknown one: NOT_FOUND', async () => {
    const { scan } = await scanned('red');
    await expect(report(scan.scanId, undefined, OTHER_GUARD)).resolves.toMatchObject({ ok: false, code: 'NOT_FOUND' });
    await expect(report('no-such-scan-id')).resolves.toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  test('a red scan verified offline is reported once uploaded, by its clientScanId', async () => {
    const { scan } = await scanned('red');
    const passRef = (await database().collection(COLLECTIONS.scans).doc(`${GUARD}:${scan.scanId}`).get()).data[0].passRef as string;
    const offline = { clientScanId: 'offline-red-0001', scannedAt: clock.getTime(), verdict: 'STOP' as const, passRef, colourInToken: 'red' as const };
    await expect(report(offline.clientScanId)).resolves.toMatchObject({ ok: false, code: 'NOT_FOUND', message: expect.stringContaining('上传') });
    dataOf(await call('guard', { action: 'uploadScans', scans: [offline] }, GUARD));
    const { followUpId } = dataOf(await report(offline.clientScanId));
    expect((await list()).find((item) => item.followUpId === followUpId)).toMatchObject({ colour: 'red', checkpointName: POST.checkpointName });
  });

  test('a note with an ID number, or over 200 characters, is refused', async () => {
    const { scan } = await scanned('yellow');
    await expect(report(scan.scanId, `证件号 ${syntheticIdNumber(990)}`)).resolves.toMatchObject({ ok: false, code: 'INVALID_REQUEST', message: expect.stringContaining('身份证') });
    await expect(report(scan.scanId, '长'.repeat(201))).resolves.toMatchObject({ ok: false, code: 'INVALID_REQUEST', message: expect.stringContaining('200') });
  });
});

describe('followUps and closeFollowUp: staff work the list', () => {
  test('open items oldest first; closing one moves it to the closed list with the note, audited', async () => {
    const reported: string[] = [];
    for (let minute = 0; minute < 3; minute++) {
      clock = new Date(clock.getTime() + 60_000);
      const { scan } = await scanned('yellow');
      reported.push(dataOf(await report(scan.scanId)).followUpId);
    }
    const open = (await list('open')).map((item) => item.followUpId);
    expect(open.filter((id) => reported.includes(id))).toEqual(reported);
    const createdAt = (await list('open')).map((item) => item.createdAt);
    expect(createdAt).toEqual([...createdAt].sort((a, b) => a - b));

    clock = new Date(clock.getTime() + 60_000);
    const { followUp } = dataOf(await close(reported[0], '已电话联系本人，居家健康监测'));
    expect(followUp).toMatchObject({ followUpId: reported[0], status: 'closed', closedAt: clock.getTime(), closingNote: '已电话联系本人，居家健康监测' });
    expect((await list('open')).map((item) => item.followUpId)).not.toContain(reported[0]);
    expect((await list('closed'))[0]).toMatchObject({ followUpId: reported[0], status: 'closed' });

    const audit = dataOf(await call('staff', { action: 'auditLog', auditAction: 'followUp.close' }, STAFF)) as { entries: AuditEntryView[] };
    expect(audit.entries[0]).toMatchObject({ action: 'followUp.close', reason: '已电话联系本人，居家健康监测' });
  });

  test('closing twice: INVALID_STATE; an unknown item: NOT_FOUND; a note of under 2 characters: INVALID_REQUEST', async () => {
    const { scan } = await scanned('red');
    const { followUpId } = dataOf(await report(scan.scanId));
    await expect(close(followUpId, '好')).resolves.toMatchObject({ ok: false, code: 'INVALID_REQUEST', message: expect.stringContaining('处理情况') });
    dataOf(await close(followUpId, '社区已上门核实'));
    await expect(close(followUpId, '社区已上门核实')).resolves.toMatchObject({ ok: false, code: 'INVALID_STATE', message: expect.stringContaining('已经处理完毕') });
    await expect(close('no-such-follow-up', '社区已上门核实')).resolves.toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});
