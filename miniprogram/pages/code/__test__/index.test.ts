import type { CodeView, Result } from '../../../../typings/contract';
import { aCode, SERVER_TIME } from '../../../test-support/fixtures';
import { exists, find, loadComponent, openWithQuery, textOf, type Rendered } from '../../../test-support/simulate';
import { fakeStorage, type FakeStorage } from '../../../test-support/wx-storage';
import { deferred, fakeFunctions, ok, refused, type FakeFunctions } from '../../../test-support/wx-cloud';
import { REFRESH_WINDOW, RETRY_BASE_MS, RETRY_CAP_MS } from '../../../services/code-keeper';
import { formatBeijingClock } from '../../../utils/beijing-time';

const LIFETIME_MS = 180_000;
/** The phone's clock runs 5 s behind the server's: the page must show the server's. */
const PHONE_BEHIND_MS = 5000;
const OWN_KEY = 'tx.code.own';

let codePageId: string;
let functions: FakeFunctions;
let storage: FakeStorage;
let pages: Rendered[];

beforeAll(() => {
  codePageId = loadComponent('pages/code/index', 'tx-code-page');
});

beforeEach(() => {
  jest.useFakeTimers({ now: SERVER_TIME - PHONE_BEHIND_MS });
  storage = fakeStorage();
  functions = fakeFunctions({ 'resident.code': ok(aCode()) });
  pages = [];
});

afterEach(() => {
  // A page left open keeps its timers: close it as WeChat does.
  for (const page of pages) page.triggerLifeTime('detached');
  jest.useRealTimers();
  jest.restoreAllMocks();
});

/** Opens the page (WeChat: attached, onLoad, onShow) and lets the first call answer. */
async function openCode(query: Record<string, string> = {}): Promise<Rendered> {
  const page = openWithQuery(codePageId, query);
  page.instance.onShow();
  pages.push(page);
  await jest.advanceTimersByTimeAsync(0);
  return page;
}

/** Closes the page as WeChat does when it is unloaded (detached). */
function close(page: Rendered): void {
  page.triggerLifeTime('detached');
  pages.splice(pages.indexOf(page), 1);
}

/** Moves the phone's clock on, firing the page's timers and letting calls answer. */
async function wait(ms: number): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
}

/** A fresh code from the server at the current moment (on the server's clock). */
function freshCode(overrides: Partial<CodeView> = {}): CodeView {
  const serverNow = Date.now() + PHONE_BEHIND_MS;
  return aCode({ issuedAt: serverNow, expiresAt: serverNow + LIFETIME_MS, serverTime: serverNow, ...overrides });
}

function qrText(page: Rendered): string {
  return find(page, '#qr').data.text as string;
}

/** Phone times (ms after opening) at which the page called resident.code. */
function recordCallTimes(answer: () => Result<CodeView>): number[] {
  const opened = Date.now();
  const times: number[] = [];
  functions.answer({
    'resident.code': () => {
      times.push(Date.now() - opened);
      return answer();
    },
  });
  return times;
}

describe('通行码', () => {
  test('shows the QR of the code with the colour in words and its frame, masked name, photo and reasons', async () => {
    functions.answer({
      'resident.code': ok(
        aCode({ colour: 'yellow', nameMasked: '李*芳', photo: 'cloud://env/photos/p1.jpg', reasons: [{ code: 'KEY_AREA', zh: '14天内到过重点地区', en: '' }] }),
      ),
    });

    const page = await openCode();

    expect(functions.sent('resident.code')).toEqual([{}]);
    expect(qrText(page)).toBe(aCode().url);
    expect(textOf(find(page, '.tx-code__colour >>> .tx-colour-badge'))).toBe('黄码');
    expect(textOf(find(page, '.tx-code__hint'))).toBe('建议观察');
    expect(exists(page, '.tx-code__card--yellow')).toBe(true);
    expect(textOf(find(page, '.tx-code__name'))).toBe('李*芳');
    expect(find(page, '.tx-code__photo').data.src).toBe('cloud://env/photos/p1.jpg');
    expect(textOf(find(page, '.tx-code__reasons'))).toBe('14天内到过重点地区');
    expect(exists(page, '.tx-code__family')).toBe(false);
  });

  test("keeps a live clock on the server's time, ticking every second, beside the time the code was issued", async () => {
    const page = await openCode();

    expect(textOf(find(page, '.tx-code__time'))).toBe('14:05:09');
    expect(textOf(find(page, '.tx-code__date'))).toBe('2025年3月1日 北京时间');
    expect(textOf(find(page, '.tx-code__updated'))).toBe('更新时间 14:05:09');

    await wait(1000);
    expect(textOf(find(page, '.tx-code__time'))).toBe('14:05:10');
    await wait(61_000);
    expect(textOf(find(page, '.tx-code__time'))).toBe('14:06:11');
    expect(textOf(find(page, '.tx-code__updated'))).toBe('更新时间 14:05:09');
  });

  test('refreshes between 70 % and 85 % of the lifetime, shows the new code and keeps it for the next opening', async () => {
    const page = await openCode();
    let renewed: CodeView | undefined;
    functions.answer({ 'resident.code': () => ok((renewed = freshCode({ url: 'https://txm.example.cn/v/renewed' }))) });

    await wait(LIFETIME_MS * REFRESH_WINDOW.from - 1);
    expect(functions.sent('resident.code')).toHaveLength(1);
    await wait(LIFETIME_MS * (REFRESH_WINDOW.to - REFRESH_WINDOW.from) + 1);

    expect(functions.sent('resident.code')).toHaveLength(2);
    expect(qrText(page)).toBe('https://txm.example.cn/v/renewed');
    expect(textOf(find(page, '.tx-code__updated'))).toBe(`更新时间 ${formatBeijingClock(renewed?.issuedAt ?? 0)}`);
    expect(storage.get(OWN_KEY)).toEqual({ code: renewed, clockOffsetMs: PHONE_BEHIND_MS });
  });

  test('spreads the refreshes of a crowd over the window (jitter), not all at one instant', async () => {
    const refreshTimes: number[] = [];
    for (const draw of [0, 0.5, 0.999]) {
      jest.spyOn(Math, 'random').mockReturnValue(draw);
      const times = recordCallTimes(() => ok(freshCode()));
      const page = await openCode();
      await wait(LIFETIME_MS * REFRESH_WINDOW.to + 1);
      refreshTimes.push(times[1]);
      close(page);
      storage.clear();
    }

    expect(new Set(refreshTimes).size).toBe(3);
    for (const time of refreshTimes) {
      expect(time).toBeGreaterThanOrEqual(LIFETIME_MS * REFRESH_WINDOW.from);
      expect(time).toBeLessThanOrEqual(LIFETIME_MS * REFRESH_WINDOW.to);
    }
  });

  test('backs off exponentially, capped, while the network fails', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    const page = await openCode();
    const times = recordCallTimes(() => refused('UNAVAILABLE'));

    await wait(LIFETIME_MS * 2);

    const gaps = times.slice(1).map((time, index) => time - times[index]);
    // Each wait is drawn from the upper half of base × 2^n, capped: with the draw fixed at 0.5, three quarters of it.
    const expected = gaps.map((_, index) => Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** index) * 0.75);
    expect(gaps.slice(0, 6)).toEqual([1500, 3000, 6000, 12_000, 22_500, 22_500]);
    expect(gaps).toEqual(expected);
    expect(textOf(find(page, '.tx-code__notice'))).toContain('网络异常');
  });

  test('says plainly that the code expired and hides the QR when it cannot be refreshed, and shows the next one once it can', async () => {
    const page = await openCode();
    functions.answer({ 'resident.code': refused('UNAVAILABLE') });

    await wait(LIFETIME_MS - 1000);
    expect(exists(page, '#qr')).toBe(true);
    expect(textOf(find(page, '.tx-code__trouble'))).toBe('网络异常，通行码过期前会继续尝试更新');

    await wait(1000);
    expect(exists(page, '#qr')).toBe(false);
    expect(exists(page, '.tx-code__colour')).toBe(false);
    expect(exists(page, '.tx-code__card--none')).toBe(true);
    expect(textOf(find(page, '.tx-code__notice'))).toBe('通行码已过期。网络异常，正在重新获取，请检查手机网络');

    const renewed = freshCode({ url: 'https://txm.example.cn/v/back-online' });
    functions.answer({ 'resident.code': ok(renewed) });
    await wait(RETRY_CAP_MS);
    expect(qrText(page)).toBe(renewed.url);
    expect(exists(page, '.tx-code__notice')).toBe(false);
  });

  test('says it expired without blaming the network when the server failed', async () => {
    const page = await openCode();
    functions.answer({ 'resident.code': refused('INTERNAL') });

    await wait(LIFETIME_MS);

    expect(textOf(find(page, '.tx-code__notice'))).toBe('通行码已过期，正在重新获取…');
  });

  test('重新获取 calls at once, without waiting for the backoff', async () => {
    const page = await openCode();
    functions.answer({ 'resident.code': refused('UNAVAILABLE') });
    await wait(LIFETIME_MS);
    const callsBefore = functions.sent('resident.code').length;
    functions.answer({ 'resident.code': ok(freshCode()) });

    find(page, '.tx-code__retry').dispatchEvent('tap');
    await wait(0);

    expect(functions.sent('resident.code')).toHaveLength(callsBefore + 1);
    expect(exists(page, '#qr')).toBe(true);
  });

  test('opened again while the stored code is valid, shows it at once without a call, then refreshes on schedule', async () => {
    const stored = aCode({ url: 'https://txm.example.cn/v/stored', issuedAt: SERVER_TIME - 30_000, expiresAt: SERVER_TIME + 150_000 });
    storage.set(OWN_KEY, { code: stored, clockOffsetMs: PHONE_BEHIND_MS });

    const page = await openCode();

    expect(functions.sent('resident.code')).toEqual([]);
    expect(qrText(page)).toBe(stored.url);
    await wait(LIFETIME_MS * REFRESH_WINDOW.to - 30_000 + 1);
    expect(functions.sent('resident.code')).toHaveLength(1);
  });

  test('does not show a stored code that has expired: it calls, and shows the fresh one', async () => {
    storage.set(OWN_KEY, { code: aCode({ url: 'https://txm.example.cn/v/stale', expiresAt: SERVER_TIME }), clockOffsetMs: PHONE_BEHIND_MS });
    const reply = deferred<Result<CodeView>>();
    functions.answer({ 'resident.code': () => reply.promise });

    const page = await openCode();
    expect(exists(page, '#qr')).toBe(false);
    expect(textOf(find(page, '#state'))).toContain('正在加载');

    reply.resolve(ok(aCode()));
    await wait(0);
    expect(qrText(page)).toBe(aCode().url);
  });

  test('stops its clock and calls while hidden; shown again, it catches up at once', async () => {
    const page = await openCode();
    page.instance.onHide();

    await wait(LIFETIME_MS * 3);
    expect(functions.sent('resident.code')).toHaveLength(1);
    expect(textOf(find(page, '.tx-code__time'))).toBe('14:05:09');

    functions.answer({ 'resident.code': ok(freshCode()) });
    page.instance.onShow();
    await wait(0);
    expect(functions.sent('resident.code')).toHaveLength(2);
    expect(textOf(find(page, '.tx-code__time'))).toBe('14:14:09');
    expect(exists(page, '#qr')).toBe(true);
  });

  test('closed, it calls nothing more', async () => {
    close(await openCode());

    await wait(LIFETIME_MS * 3);

    expect(functions.sent('resident.code')).toHaveLength(1);
  });

  test('without a pass, says so and tries no more', async () => {
    functions.answer({ 'resident.code': refused('NO_PASS') });

    const page = await openCode();
    await wait(LIFETIME_MS);

    expect(textOf(find(page, '#state'))).toContain('您还没有申领通行证');
    expect(functions.sent('resident.code')).toHaveLength(1);
  });

  test('a cancelled pass shows no QR and says why', async () => {
    functions.answer({ 'resident.code': ok(aCode({ status: 'cancelled' })) });

    const page = await openCode();

    expect(exists(page, '#qr')).toBe(false);
    expect(textOf(find(page, '.tx-code__notice'))).toBe('此通行证已注销，不能用于通行。如有疑问，请到社区咨询。');
  });

  test("offers 我要申诉 under the holder's own code, which opens the appeal page; none under a family member's", async () => {
    const navigate = jest.spyOn(wx, 'navigateTo');
    const own = await openCode();
    find(own, '.tx-code__appeal').dispatchEvent('tap');
    await wait(0);
    expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/appeal/index' }));

    functions.answer({ 'resident.familyCode': ok(aCode()) });
    const family = await openCode({ grantId: 'grant-mum' });
    expect(exists(family, '.tx-code__appeal')).toBe(false);
  });

  describe("a family member's code (grantId)", () => {
    test('asks resident.familyCode for that grant, marks the code as shown for a family member and keeps it apart', async () => {
      functions.answer({ 'resident.familyCode': ok(aCode({ nameMasked: '李*芳', url: 'https://txm.example.cn/v/mum' })) });

      const page = await openCode({ grantId: 'grant-mum' });

      expect(functions.sent('resident.familyCode')).toEqual([{ grantId: 'grant-mum' }]);
      expect(functions.sent('resident.code')).toEqual([]);
      expect(textOf(find(page, '.tx-code__family'))).toBe('代家人出示 · 李*芳');
      expect(qrText(page)).toBe('https://txm.example.cn/v/mum');
      expect(storage.has('tx.code.family.grant-mum')).toBe(true);
      expect(storage.has(OWN_KEY)).toBe(false);
    });

    test('when the grant was withdrawn, takes the code off the screen and out of storage, and says why', async () => {
      storage.set('tx.code.family.grant-mum', { code: aCode({ issuedAt: SERVER_TIME - 170_000, expiresAt: SERVER_TIME + 10_000 }), clockOffsetMs: PHONE_BEHIND_MS });
      functions.answer({ 'resident.familyCode': refused('NOT_FOUND', '家人已撤销代为出示的授权') });

      const page = await openCode({ grantId: 'grant-mum' });

      expect(exists(page, '#qr')).toBe(false);
      expect(textOf(find(page, '#state'))).toContain('家人已撤销代为出示的授权');
      expect(storage.has('tx.code.family.grant-mum')).toBe(false);
      await wait(LIFETIME_MS);
      expect(functions.sent('resident.familyCode')).toHaveLength(1);
    });
  });

  test('opened from a venue poster (scene), checks in once and shows the own code as always', async () => {
    functions.answer({ 'resident.checkIn': ok({ venueName: '醉白池公园', at: SERVER_TIME }) });
    const toast = jest.spyOn(wx, 'showToast');

    const page = await openCode({ scene: encodeURIComponent('aB3_-x~1') });
    await wait(LIFETIME_MS);

    expect(functions.sent('resident.checkIn')).toEqual([{ scene: 'aB3_-x~1' }]);
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '已登记：醉白池公园', icon: 'none' }));
    expect(qrText(page)).toBe(aCode().url);
  });
});
