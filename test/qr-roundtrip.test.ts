/**
 * The QR the code page draws is a real, verifiable code: issued by the real resident function, painted by the
 * page's painter (weapp-qrcode through the Canvas 2D adapter) into a bitmap, read back by a real decoder (jsQR),
 * and judged by the real guard function against the emulator, and by the guard's phone offline.
 */
import jsQR from 'jsqr';
import { database } from '../cloudfunctions/shared/cloudbase';
import { generateSigningKeyConfig, QR_VERSION_BUDGET } from '../cloudfunctions/shared/domain/token';
import { COLLECTIONS } from '../cloudfunctions/shared/schema';
import type { RunningEmulator } from '../emulator/server';
import { bitmapContext } from '../miniprogram/test-support/bitmap-context';
import { verifyOffline } from '../miniprogram/utils/offline-verifier';
import { paintQr, QUIET_ZONE_MODULES } from '../miniprogram/utils/qr-painter';
import { callerOf, dataOf } from './support/call';
import { startTestEmulator } from './support/emulator';
import { testPlatform } from './support/platform';
import { openidFor, syntheticIdNumber } from './support/people';

/** The QR component's canvas: 560rpx on a 375-pixel-wide screen (280 CSS pixels), at a pixel ratio of 3. */
const CANVAS_PIXELS = 280 * 3;
const SKEW_MS = 30_000;

const START = new Date('2026-11-27T02:00:00Z');
let clock = START;
const call = callerOf(testPlatform({ clock: () => clock, env: { TOKEN_SIGNING_KEYS: generateSigningKeyConfig('0001') } }));
const RESIDENT = openidFor('roundtrip-resident');
const GUARD = openidFor('roundtrip-guard');
const POST = { checkpointId: 'cp-roundtrip', checkpointName: '幸福小区东门' };
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
  await database().collection(COLLECTIONS.roles).doc(GUARD).set({ guard: { ...POST, grantedAt: clock, grantedBy: GUARD } });
  dataOf(await call('resident', { action: 'apply', name: '王小明', idNumber: syntheticIdNumber(901) }, RESIDENT));
});
afterAll(() => emulator.close());
beforeEach(() => {
  clock = START;
});

/** What the guard's camera reads off the code page: the page's painting, decoded. */
async function drawnCode() {
  const code = dataOf(await call('resident', { action: 'code' }, RESIDENT));
  const ctx = bitmapContext(CANVAS_PIXELS);
  const painted = paintQr(ctx, code.url, CANVAS_PIXELS);
  const decoded = jsQR(ctx.bitmap.data, CANVAS_PIXELS, CANVAS_PIXELS);
  return { code, painted, decoded };
}

describe('the QR the code page draws', () => {
  test('decodes to the exact URL resident.code issued, within the QR budget (version 8 at level M)', async () => {
    const { code, painted, decoded } = await drawnCode();

    expect(decoded?.data).toBe(code.url);
    expect(decoded?.version).toBe(painted.version);
    expect(painted.version).toBeLessThanOrEqual(QR_VERSION_BUDGET);
    expect(painted.moduleCount).toBeLessThanOrEqual(QR_VERSION_BUDGET * 4 + 17);
    // Whole pixels a module, with room for the quiet zone.
    expect(painted.modulePixels * (painted.moduleCount + 2 * QUIET_ZONE_MODULES)).toBeLessThanOrEqual(CANVAS_PIXELS);
  });

  test('passes the guard function: PASS with the live colour, photo and masked name', async () => {
    const { code, decoded } = await drawnCode();

    const result = dataOf(await call('guard', { action: 'verify', scanned: decoded?.data ?? '', checkpointId: POST.checkpointId }, GUARD));

    expect(result).toMatchObject({ verdict: 'PASS', colour: 'green', person: { nameMasked: code.nameMasked, photo: code.photo }, serverTime: clock.getTime() });
  });

  test("passes the guard's phone offline, against the key set guard.keySet serves", async () => {
    const { decoded } = await drawnCode();
    const keySet = dataOf(await call('guard', { action: 'keySet' }, GUARD));

    const check = verifyOffline(decoded?.data ?? '', { keySet, clockOffsetMs: 0 }, clock.getTime());

    expect(check).toMatchObject({ ok: true, verdict: 'PASS', claims: { colour: 'green', kind: 'code' } });
  });

  test('a screenshot of it is EXPIRED once the code has expired, online and offline', async () => {
    const { code, decoded } = await drawnCode();
    const keySet = dataOf(await call('guard', { action: 'keySet' }, GUARD));
    clock = new Date(code.expiresAt + SKEW_MS);

    const online = dataOf(await call('guard', { action: 'verify', scanned: decoded?.data ?? '', checkpointId: POST.checkpointId }, GUARD));

    expect(online.verdict).toBe('EXPIRED');
    expect(verifyOffline(decoded?.data ?? '', { keySet, clockOffsetMs: 0 }, clock.getTime())).toMatchObject({ verdict: 'EXPIRED' });
  });
});
