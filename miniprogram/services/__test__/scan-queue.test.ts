import type { OfflineScan, Result } from '../../../typings/contract';
import { fakeStorage } from '../../test-support/wx-storage';
import { deferred, fakeFunctions, ok, refused, type FakeFunctions } from '../../test-support/wx-cloud';
import { MAX_QUEUED_SCANS, queueScan, queuedScans, UPLOAD_BATCH, uploadQueuedScans } from '../scan-queue';

const SCANNED_AT = Date.UTC(2025, 2, 1, 6, 5, 9);
let functions: FakeFunctions;

/** The server as guard.uploadScans behaves: it keeps each clientScanId once, and says how many were new. */
function serverLog(): { stored: Map<string, OfflineScan>; answer: (params: { scans: OfflineScan[] }) => Result<{ stored: number; duplicates: number }> } {
  const stored = new Map<string, OfflineScan>();
  return {
    stored,
    answer: ({ scans }) => {
      const fresh = scans.filter((scan) => !stored.has(scan.clientScanId));
      for (const scan of fresh) stored.set(scan.clientScanId, scan);
      return ok({ stored: fresh.length, duplicates: scans.length - fresh.length });
    },
  };
}

function scan(offsetMs = 0): Omit<OfflineScan, 'clientScanId'> {
  return { scannedAt: SCANNED_AT + offsetMs, verdict: 'PASS', passRef: 'CXScW2jdwmaD-dTcj4aBaw', colourInToken: 'green' };
}

beforeEach(() => {
  fakeStorage();
  functions = fakeFunctions();
});

describe('the offline scan queue', () => {
  test('keeps each scan with its own clientScanId until it is uploaded', () => {
    const first = queueScan(scan());
    const second = queueScan(scan(1));

    expect(first.clientScanId).not.toBe(second.clientScanId);
    expect(queuedScans()).toEqual([first, second]);
  });

  test('uploads every scan once, then nothing more', async () => {
    const server = serverLog();
    functions.answer({ 'guard.uploadScans': server.answer });
    const queued = [queueScan(scan()), queueScan(scan(1))];

    await expect(uploadQueuedScans()).resolves.toEqual({ ok: true, uploaded: 2 });
    await expect(uploadQueuedScans()).resolves.toEqual({ ok: true, uploaded: 0 });

    expect(functions.sent('guard.uploadScans')).toEqual([{ scans: queued }]);
    expect([...server.stored.values()]).toEqual(queued);
    expect(queuedScans()).toEqual([]);
  });

  test('keeps the scans when the upload fails, and the retry stores each once even if the lost answer had stored them', async () => {
    const server = serverLog();
    // The first call reaches the server, which stores the scans, but the answer is lost on the way back.
    functions.answer({
      'guard.uploadScans': (params) => {
        server.answer(params);
        return refused('UNAVAILABLE');
      },
    });
    const queued = [queueScan(scan()), queueScan(scan(1))];

    await expect(uploadQueuedScans()).resolves.toMatchObject({ ok: false, uploaded: 0, failure: { code: 'UNAVAILABLE' } });
    expect(queuedScans()).toEqual(queued);

    functions.answer({ 'guard.uploadScans': server.answer });
    await expect(uploadQueuedScans()).resolves.toEqual({ ok: true, uploaded: 2 });

    expect(functions.sent('guard.uploadScans')).toEqual([{ scans: queued }, { scans: queued }]);
    expect(server.stored.size).toBe(2);
    expect(queuedScans()).toEqual([]);
  });

  test(`sends ${UPLOAD_BATCH} scans a call, and keeps the batches not yet acknowledged when one fails`, async () => {
    const server = serverLog();
    let calls = 0;
    functions.answer({ 'guard.uploadScans': (params) => (++calls === 2 ? refused('UNAVAILABLE') : server.answer(params)) });
    const queued = Array.from({ length: UPLOAD_BATCH * 2 + 1 }, (_, index) => queueScan(scan(index)));

    await expect(uploadQueuedScans()).resolves.toMatchObject({ ok: false, uploaded: UPLOAD_BATCH });
    expect(queuedScans()).toEqual(queued.slice(UPLOAD_BATCH));

    await expect(uploadQueuedScans()).resolves.toEqual({ ok: true, uploaded: UPLOAD_BATCH + 1 });
    expect(functions.sent('guard.uploadScans').map(({ scans }) => scans.length)).toEqual([UPLOAD_BATCH, UPLOAD_BATCH, UPLOAD_BATCH, 1]);
    expect([...server.stored.values()]).toEqual(queued);
  });

  test('a second upload while one runs joins it; a scan queued meanwhile stays for the next', async () => {
    const server = serverLog();
    const reply = deferred<Result<{ stored: number; duplicates: number }>>();
    functions.answer({ 'guard.uploadScans': (params) => reply.promise.then(() => server.answer(params)) });
    const first = queueScan(scan());

    const running = uploadQueuedScans();
    const joined = uploadQueuedScans();
    const later = queueScan(scan(1));
    reply.resolve(ok({ stored: 1, duplicates: 0 }));

    await expect(running).resolves.toEqual({ ok: true, uploaded: 2 });
    expect(joined).toBe(running);
    // The loop picked the later scan up in a second call, after the first was acknowledged.
    expect(functions.sent('guard.uploadScans')).toEqual([{ scans: [first] }, { scans: [later] }]);
    expect(queuedScans()).toEqual([]);
  });

  test(`keeps the newest ${MAX_QUEUED_SCANS} scans when a phone stays offline for days`, () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const full = Array.from({ length: MAX_QUEUED_SCANS }, (_, index) => ({ ...scan(index), clientScanId: `old-${index}` }));
    fakeStorage({ 'tx.guard.offlineScans': full });

    const newest = queueScan(scan(MAX_QUEUED_SCANS));

    const queue = queuedScans();
    expect(queue).toHaveLength(MAX_QUEUED_SCANS);
    expect(queue[0].clientScanId).toBe('old-1');
    expect(queue.at(-1)).toEqual(newest);
  });
});
