import { randomBytes } from 'node:crypto';
import type { KeySetView, OfflineScan, Result, VerdictKind, VerifyResult } from '../../../../typings/contract';
import { encodeToken, generateSigningKeyConfig, parseKeyRing, publicKeySet, tokenUrl, type TokenClaims } from '../../../../cloudfunctions/shared/domain/token';
import { SERVER_TIME } from '../../../test-support/fixtures';
import { exists, find, loadComponent, openWithQuery, settle, tap, textOf, type Rendered } from '../../../test-support/simulate';
import { fakeStorage, type FakeStorage } from '../../../test-support/wx-storage';
import { deferred, fakeFunctions, ok, refused, type FakeFunctions } from '../../../test-support/wx-cloud';

const PREFIX = 'https://txm.example.cn/v/';
const SECOND = 1000;
/** The guard's phone clock runs 10 minutes fast: offline checks must use the server's time it learned. */
const PHONE_AHEAD_MS = 10 * 60 * SECOND;
const KEY_SET_KEY = 'tx.guard.keySet';
const QUEUE_KEY = 'tx.guard.offlineScans';

const ring = parseKeyRing(generateSigningKeyConfig('0001'));
const POST = { checkpointId: 'gate-east', checkpointName: '幸福小区东门' };

let guardPageId: string;
let functions: FakeFunctions;
let storage: FakeStorage;

beforeAll(() => {
  guardPageId = loadComponent('pages/guard/index', 'tx-guard-page');
});

beforeEach(() => {
  jest.useFakeTimers({ now: SERVER_TIME + PHONE_AHEAD_MS, doNotFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'setImmediate', 'queueMicrotask', 'nextTick'] });
  storage = fakeStorage();
  functions = fakeFunctions({
    'guard.post': ok(POST),
    'guard.keySet': () => ok(keySetAt(serverSeconds())),
    'guard.verify': ok(aVerdict('PASS')),
    'guard.uploadScans': ({ scans }) => ok({ stored: scans.length, duplicates: 0 }),
  });
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

/** The server's clock now, in seconds (the phone's runs ahead of it). */
function serverSeconds(): number {
  return Math.floor((Date.now() - PHONE_AHEAD_MS) / SECOND);
}

/** The key set guard.keySet serves: the test key pair's public half as a JWK, issued at `issuedAt` seconds. */
function keySetAt(issuedAt: number): KeySetView {
  return { ...publicKeySet(ring.verifying, issuedAt, 48 * 3600), urlPrefix: PREFIX };
}

/** A code as resident.code signs it, issued `ageSeconds` ago on the server's clock. */
function codeUrl(overrides: Partial<TokenClaims> = {}, ageSeconds = 10, key = ring.signing): string {
  const issuedAt = serverSeconds() - ageSeconds;
  const claims: TokenClaims = { passRef: randomBytes(16).toString('base64url'), issuedAt, expiresAt: issuedAt + 180, colour: 'green', kind: 'code', ...overrides };
  return tokenUrl(PREFIX, encodeToken(claims, key));
}

function aVerdict(verdict: VerdictKind, overrides: Partial<VerifyResult> = {}): VerifyResult {
  const colour = verdict === 'CAUTION' ? 'yellow' : verdict === 'STOP' ? 'red' : 'green';
  const person = ['PASS', 'CAUTION', 'STOP', 'EXPIRED', 'REVOKED'].includes(verdict);
  return {
    verdict,
    serverTime: SERVER_TIME,
    scanId: 'scan-0001-abcdef',
    ...(person
      ? {
          colour,
          colourSince: SERVER_TIME - 86_400_000,
          reasons: [{ code: 'R', zh: colour === 'green' ? '未发现风险' : '14天内到过重点地区', en: '' }],
          person: { nameMasked: '张*三', photo: 'cloud://env/photos/p1.jpg' },
        }
      : {}),
    ...overrides,
  };
}

function scanReturns(text: string): jest.SpyInstance {
  const answer: WechatMiniprogram.ScanCodeSuccessCallbackResult = { result: text, scanType: 'QR_CODE', charSet: 'utf-8', path: '', rawData: '', errMsg: 'scanCode:ok' };
  return jest.spyOn(wx, 'scanCode').mockResolvedValue(answer);
}

async function openGuard(query: Record<string, string> = {}): Promise<Rendered> {
  const page = openWithQuery(guardPageId, query);
  page.instance.onShow();
  await settle();
  await settle();
  return page;
}

async function scan(page: Rendered, text: string): Promise<void> {
  scanReturns(text);
  await tap(page, '.tx-guard__scan');
  await settle();
}

function queued(): OfflineScan[] {
  return (storage.get(QUEUE_KEY) as OfflineScan[] | undefined) ?? [];
}

describe('扫码查验', () => {
  test('scans with the camera only, for QR codes, and sends the whole text with the checkpoint', async () => {
    const page = await openGuard();
    const url = codeUrl();
    const scanner = scanReturns(url);

    await tap(page, '.tx-guard__scan');
    await settle();

    expect(scanner).toHaveBeenCalledWith({ onlyFromCamera: true, scanType: ['qrCode'] });
    expect(functions.sent('guard.verify')).toEqual([{ scanned: url, checkpointId: 'gate-east' }]);
    expect(textOf(find(page, '.tx-guard__post'))).toBe('查验点：幸福小区东门');
  });

  test.each<[VerdictKind, string, string, string]>([
    ['PASS', 'green', '通行', '绿码：请核对照片与本人一致后放行'],
    ['CAUTION', 'yellow', '请核验', '黄码：请核对本人，提醒其注意观察；可一键上报社区'],
    ['STOP', 'red', '禁止通行', '红码：请勿放行，可一键上报社区跟进'],
    ['EXPIRED', 'refused', '已过期', '请对方刷新通行码后重新出示（截图无效）'],
    ['REVOKED', 'refused', '已作废', '已作废的卡片或已注销的通行证，请勿放行'],
  ])('%s fills the screen (%s) with big words, the photo, masked name, live colour, its update time and the server time', async (verdict, tone, title, instruction) => {
    functions.answer({ 'guard.verify': ok(aVerdict(verdict)) });
    const page = await openGuard();

    await scan(page, codeUrl());

    expect(exists(page, `.tx-guard--${tone}`)).toBe(true);
    expect(textOf(find(page, '.tx-guard__title'))).toBe(title);
    expect(textOf(find(page, '.tx-guard__instruction'))).toBe(instruction);
    expect(find(page, '.tx-guard__photo').data.src).toBe('cloud://env/photos/p1.jpg');
    expect(textOf(find(page, '.tx-guard__name'))).toBe('张*三');
    expect(textOf(find(page, '.tx-guard__colour'))).toBe(`当前颜色：${{ CAUTION: '黄码', STOP: '红码' }[verdict as 'CAUTION'] ?? '绿码'}`);
    expect(textOf(find(page, '.tx-guard__since'))).toBe('颜色更新于 2025年2月28日 14:05:09');
    expect(textOf(find(page, '.tx-guard__checked-at'))).toBe('核验时间 2025年3月1日 14:05:09（北京时间）');
    expect(exists(page, '.tx-guard__offline')).toBe(false);
    expect(textOf(find(page, '.tx-guard__scan'))).toBe('继续扫码');
  });

  test.each<[VerdictKind, string, string]>([
    ['INVALID', '无效', '伪造或被修改的码，请勿放行'],
    ['NOT_OURS', '不是通行码', '这不是「通行」的二维码，请对方打开「通行」出示通行码'],
  ])('%s is its own dark screen, with no person and no colour', async (verdict, title, instruction) => {
    functions.answer({ 'guard.verify': ok(aVerdict(verdict)) });
    const page = await openGuard();

    await scan(page, 'https://example.com/menu');

    expect(exists(page, '.tx-guard--refused')).toBe(true);
    expect(textOf(find(page, '.tx-guard__title'))).toBe(title);
    expect(textOf(find(page, '.tx-guard__instruction'))).toBe(instruction);
    expect(exists(page, '.tx-guard__person')).toBe(false);
    expect(exists(page, '.tx-guard__report')).toBe(false);
  });

  test.each<VerdictKind>(['CAUTION', 'STOP'])('on %s, 上报社区 reports the scan with one tap, once', async (verdict) => {
    const reply = deferred<Result<{ followUpId: string }>>();
    functions.answer({ 'guard.verify': ok(aVerdict(verdict, { scanId: 'scan-yellow-0001' })), 'guard.reportFollowUp': () => reply.promise });
    const page = await openGuard();
    await scan(page, codeUrl({ colour: 'yellow' }));

    find(page, '.tx-guard__report').dispatchEvent('tap');
    find(page, '.tx-guard__report').dispatchEvent('tap');
    await settle();
    expect(textOf(find(page, '.tx-guard__report'))).toBe('正在上报…');
    reply.resolve(ok({ followUpId: 'fu-1' }));
    await settle();

    expect(functions.sent('guard.reportFollowUp')).toEqual([{ scanId: 'scan-yellow-0001' }]);
    expect(textOf(find(page, '.tx-guard__report'))).toBe('已上报社区');
    expect(find(page, '.tx-guard__report').data.disabled).toBe(true);
  });

  test('a refused report says why and can be tried again', async () => {
    functions.answer({ 'guard.verify': ok(aVerdict('STOP')), 'guard.reportFollowUp': refused('UNAVAILABLE') });
    const page = await openGuard();
    await scan(page, codeUrl({ colour: 'red' }));

    await tap(page, '.tx-guard__report');
    expect(textOf(find(page, '.tx-guard__report-error'))).toBe('网络不可用，请稍后重试');

    functions.answer({ 'guard.reportFollowUp': ok({ followUpId: 'fu-2' }) });
    await tap(page, '.tx-guard__report');
    expect(textOf(find(page, '.tx-guard__report'))).toBe('已上报社区');
  });

  test('offers no report on a green verdict', async () => {
    const page = await openGuard();
    await scan(page, codeUrl());

    expect(exists(page, '.tx-guard__report')).toBe(false);
  });

  test('opened from a plain WeChat scan of the URL (options.q, URL-encoded), verifies it at once', async () => {
    const url = codeUrl();

    const page = await openGuard({ q: encodeURIComponent(url), scancode_time: '1740809109' });

    expect(functions.sent('guard.verify')).toEqual([{ scanned: url }]);
    expect(textOf(find(page, '.tx-guard__title'))).toBe('通行');
  });

  test('an account that is not a guard sees the colour and validity only, and is told why', async () => {
    functions.answer({
      'guard.post': refused('FORBIDDEN'),
      'guard.verify': ok({ verdict: 'PASS', serverTime: SERVER_TIME, scanId: 'scan-public-0001', colour: 'green' }),
    });

    const page = await openGuard({ q: encodeURIComponent(codeUrl()) });

    expect(textOf(find(page, '.tx-guard__colour'))).toBe('当前颜色：绿码');
    expect(exists(page, '.tx-guard__name')).toBe(false);
    expect(exists(page, '.tx-guard__photo')).toBe(false);
    expect(textOf(find(page, '.tx-guard__note'))).toBe('您不是登记的查验员：只显示颜色和是否有效，不显示姓名和照片。');
    expect(functions.sent('guard.keySet')).toEqual([]);
  });

  test('a failure other than the network shows its message and checks nothing offline', async () => {
    functions.answer({ 'guard.verify': refused('INTERNAL', '系统正在维护，请稍后再试') });
    const page = await openGuard();

    await scan(page, codeUrl());

    expect(textOf(find(page, '.tx-guard__message'))).toBe('系统正在维护，请稍后再试');
    expect(queued()).toEqual([]);
  });

  test('a cancelled scan leaves the page as it was', async () => {
    const page = await openGuard();
    jest.spyOn(wx, 'scanCode').mockRejectedValue({ errMsg: 'scanCode:fail cancel' });

    await tap(page, '.tx-guard__scan');

    expect(functions.sent('guard.verify')).toEqual([]);
    expect(textOf(find(page, '.tx-guard__scan'))).toBe('扫码查验');
  });

  describe('offline', () => {
    /** Opens online (the key set arrives), then the network goes. */
    async function openThenGoOffline(): Promise<Rendered> {
      const page = await openGuard();
      functions.answer({ 'guard.verify': refused('UNAVAILABLE') });
      return page;
    }

    test('fetches the key set on opening, and not again while more than half of its validity is left', async () => {
      await openGuard();
      expect(functions.sent('guard.keySet')).toHaveLength(1);
      expect(storage.get(KEY_SET_KEY)).toMatchObject({ keySet: { urlPrefix: PREFIX } });

      jest.setSystemTime(Date.now() + 23 * 3600 * SECOND);
      await openGuard();
      expect(functions.sent('guard.keySet')).toHaveLength(1);

      jest.setSystemTime(Date.now() + 2 * 3600 * SECOND);
      await openGuard();
      expect(functions.sent('guard.keySet')).toHaveLength(2);
    });

    test('checks a genuine code on the phone, labels the verdict 离线核验 with the colour in the token and no photo, and queues the scan', async () => {
      const page = await openThenGoOffline();
      const url = codeUrl({ colour: 'yellow' });

      await scan(page, url);

      expect(textOf(find(page, '.tx-guard__offline'))).toBe('离线核验');
      expect(exists(page, '.tx-guard--yellow')).toBe(true);
      expect(textOf(find(page, '.tx-guard__title'))).toBe('请核验');
      expect(textOf(find(page, '.tx-guard__colour'))).toBe('出码时颜色：黄码');
      expect(exists(page, '.tx-guard__photo')).toBe(false);
      expect(exists(page, '.tx-guard__report')).toBe(false);
      expect(textOf(find(page, '.tx-guard__note'))).toContain('本次为离线核验');
      // On the server's time it learned, not the phone's fast clock.
      expect(textOf(find(page, '.tx-guard__checked-at'))).toBe(`核验时间 ${'2025年3月1日 14:05:09'}（北京时间）`);
      expect(queued()).toEqual([
        { clientScanId: expect.stringMatching(/^[a-z0-9-]{8,64}$/), scannedAt: SERVER_TIME, verdict: 'CAUTION', passRef: expect.any(String), colourInToken: 'yellow' },
      ]);
      expect(textOf(find(page, '.tx-guard__queued'))).toBe('待上传离线记录 1 条');
    });

    test('judges expiry on the server time it learned: a code the fast phone clock would call expired is valid, a stale one is not', async () => {
      const page = await openThenGoOffline();

      await scan(page, codeUrl({}, 60));
      expect(textOf(find(page, '.tx-guard__title'))).toBe('通行');

      await scan(page, codeUrl({}, 180 + 30));
      expect(textOf(find(page, '.tx-guard__title'))).toBe('已过期');
      expect(queued().map((entry) => entry.verdict)).toEqual(['PASS', 'EXPIRED']);
    });

    test('calls a code signed by another key under our key id INVALID', async () => {
      const page = await openThenGoOffline();
      const forger = parseKeyRing(generateSigningKeyConfig('0001')).signing;

      await scan(page, codeUrl({}, 10, forger));

      expect(textOf(find(page, '.tx-guard__title'))).toBe('无效');
      expect(exists(page, '.tx-guard__offline')).toBe(true);
    });

    test('says NOT OURS offline for a QR that is not our URL', async () => {
      const page = await openThenGoOffline();

      await scan(page, 'https://example.com/menu');

      expect(textOf(find(page, '.tx-guard__title'))).toBe('不是通行码');
      expect(queued()).toEqual([expect.objectContaining({ verdict: 'NOT_OURS', passRef: null, colourInToken: null })]);
    });

    test('without a key set it gives no verdict and says how to get one', async () => {
      functions.answer({ 'guard.keySet': refused('UNAVAILABLE') });
      const page = await openThenGoOffline();

      await scan(page, codeUrl());

      expect(exists(page, '.tx-guard__verdict')).toBe(false);
      expect(textOf(find(page, '.tx-guard__message'))).toBe('网络不可用，本机还没有离线核验密钥。请联网后重新扫码。');
      expect(queued()).toEqual([]);
    });

    test('with an expired key set it gives no verdict, judged on the server time and not the phone clock', async () => {
      const issued = serverSeconds() - 48 * 3600;
      storage.set(KEY_SET_KEY, { keySet: keySetAt(issued), clockOffsetMs: -PHONE_AHEAD_MS });
      functions.answer({ 'guard.post': refused('UNAVAILABLE'), 'guard.verify': refused('UNAVAILABLE') });
      const page = await openGuard();

      await scan(page, codeUrl());

      expect(textOf(find(page, '.tx-guard__message'))).toBe('网络不可用，本机的离线核验密钥已过期（最长有效48小时）。请联网更新后再核验。');
      expect(textOf(find(page, '.tx-guard__offline-status'))).toBe('尚无可用的离线核验密钥，联网后自动下载');
    });

    test('uploads the queued scans exactly once when back online, and a failed upload is retried without duplicates', async () => {
      const page = await openThenGoOffline();
      await scan(page, codeUrl());
      await scan(page, codeUrl({ colour: 'red' }));
      const offlineScans = queued();

      // Online again for the verdict, but the upload's answer is lost: the scans stay queued.
      functions.answer({ 'guard.verify': ok(aVerdict('PASS')), 'guard.uploadScans': refused('UNAVAILABLE') });
      await scan(page, codeUrl());
      expect(queued()).toEqual(offlineScans);

      functions.answer({ 'guard.uploadScans': ({ scans }) => ok({ stored: scans.length, duplicates: 0 }) });
      await scan(page, codeUrl());
      await scan(page, codeUrl());

      expect(functions.sent('guard.uploadScans')).toEqual([{ scans: offlineScans }, { scans: offlineScans }]);
      expect(queued()).toEqual([]);
      expect(exists(page, '.tx-guard__queued')).toBe(false);
    });
  });
});
