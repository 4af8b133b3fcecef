import type { ErrorCode, Result, VenueView } from '../../../../typings/contract';
import { aVenue, SERVER_TIME } from '../../../test-support/fixtures';
import { exists, find, loadComponent, open, settle, tap, textOf, typeInto, type Rendered } from '../../../test-support/simulate';
import { deferred, fakeFunctions, ok, refused, type FakeFunctions } from '../../../test-support/wx-cloud';

const POSTER_URL = 'https://example-1250000000.tcb.qcloud.la/venues/venue-1/1.pdf?sign=abc';

let pageId: string;
let functions: FakeFunctions;

beforeAll(() => {
  pageId = loadComponent('pages/staff-venues/index', 'tx-staff-venues');
});

beforeEach(() => {
  functions = fakeFunctions({
    'staff.venues': ok({ venues: [aVenue({ venueId: 'venue-2', name: '东门卡口', address: null, checkpointId: 'gate-east', posterReady: true }), aVenue()] }),
  });
});

afterEach(() => jest.restoreAllMocks());

async function openLoaded(): Promise<Rendered> {
  const page = open(pageId);
  await settle();
  return page;
}

function venueNames(page: Rendered): string[] {
  return page.querySelectorAll('.tx-staff-venues__name').map((node) => textOf(node));
}

async function fill(page: Rendered, fields: Record<string, string>): Promise<void> {
  for (const [selector, value] of Object.entries(fields)) await typeInto(page, selector, value);
}

/** The 下载场所码海报 button of the venue at `index` in the list. */
function posterButton(page: Rendered, index: number) {
  const button = page.querySelectorAll('.tx-staff-venues__poster')[index];
  if (!button) throw new Error(`no poster button at ${index}`);
  return button;
}

async function tapPoster(page: Rendered, index: number): Promise<void> {
  posterButton(page, index).dispatchEvent('tap');
  await settle();
}

/** wx.downloadFile answering `statusCode` with a temporary file, and wx.openDocument succeeding. */
function documentsOpen(statusCode = 200): { download: jest.SpyInstance; openDocument: jest.SpyInstance } {
  const download = jest.spyOn(wx, 'downloadFile').mockImplementation((option) => {
    option.success?.({ statusCode, tempFilePath: 'wxfile://tmp/poster.pdf', filePath: '', profile: {} as WechatMiniprogram.RequestProfile, errMsg: 'downloadFile:ok' });
    return {} as WechatMiniprogram.DownloadTask;
  });
  const openDocument = jest.spyOn(wx, 'openDocument').mockResolvedValue({ errMsg: 'openDocument:ok' });
  return { download, openDocument };
}

describe('场所码', () => {
  describe('the list', () => {
    test('lists every venue newest first, as the server answers, with where it is and its checkpoint', async () => {
      const page = await openLoaded();

      expect(functions.sent('staff.venues')).toEqual([{}]);
      expect(venueNames(page)).toEqual(['东门卡口', '方松街道社区服务中心']);
      const [checkpoint, venue] = page.querySelectorAll('.tx-staff-venues__venue').map((row) => textOf(row));
      expect(checkpoint).toContain('查验点 gate-east');
      expect(checkpoint).toContain('2025年3月1日登记，海报已生成');
      expect(venue).toContain('松江区方松街道 江学路 1 号');
      expect(venue).not.toContain('海报已生成');
      expect(textOf(find(page, '.tx-staff-venues__how'))).toContain('请用 A4 纸打印海报，张贴在场所入口处');
      expect(textOf(find(page, '.tx-staff-venues__how'))).toContain('扫码不会改变任何人的颜色');
    });

    test('says so when no venue is registered yet', async () => {
      functions.answer({ 'staff.venues': ok({ venues: [] }) });
      const page = await openLoaded();

      expect(textOf(find(page, '.tx-staff-venues__none'))).toBe('还没有登记的场所。');
    });

    test('a failed load shows the message and 重试 loads again', async () => {
      functions.answer({ 'staff.venues': refused('FORBIDDEN') });
      const page = await openLoaded();

      expect(textOf(find(page, '#state'))).toContain('您的账号没有办理此事项的权限');
      functions.answer({ 'staff.venues': ok({ venues: [aVenue()] }) });
      await tap(page, '#state >>> .tx-state-view__retry');

      expect(venueNames(page)).toEqual(['方松街道社区服务中心']);
    });

    test('filters by district on the server, and back to all when the filter is emptied', async () => {
      const page = await openLoaded();
      functions.answer({ 'staff.venues': (params) => ok({ venues: params.district ? [] : [aVenue()] }) });

      await typeInto(page, '#filter', ' 松江区岳阳街道 ');
      await tap(page, '#filter-apply');
      expect(textOf(find(page, '.tx-staff-venues__none'))).toBe('松江区岳阳街道还没有登记的场所。');

      await typeInto(page, '#filter', '');
      await tap(page, '#filter-apply');
      expect(functions.sent('staff.venues')).toEqual([{}, { district: '松江区岳阳街道' }, {}]);
      expect(venueNames(page)).toEqual(['方松街道社区服务中心']);
    });
  });

  describe('registering', () => {
    test('sends the trimmed fields, leaves out empty optional ones, and puts the new venue first', async () => {
      const toast = jest.spyOn(wx, 'showToast');
      functions.answer({ 'staff.registerVenue': (params) => ok({ venue: aVenue({ venueId: 'venue-3', ...params, address: params.address ?? null, checkpointId: params.checkpointId ?? null, registeredAt: SERVER_TIME + 1 }) }) });
      const page = await openLoaded();

      await fill(page, { '#name': ' 岳阳街道菜市场 ', '#district': '松江区岳阳街道', '#address': ' ' });
      await tap(page, '#register');

      expect(functions.sent('staff.registerVenue')).toEqual([{ name: '岳阳街道菜市场', district: '松江区岳阳街道' }]);
      expect(venueNames(page)).toEqual(['岳阳街道菜市场', '东门卡口', '方松街道社区服务中心']);
      expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '已登记' }));
      // Ready for the next venue of the same street.
      expect(find(page, '#name').data.value).toBe('');
      expect(find(page, '#district').data.value).toBe('松江区岳阳街道');
    });

    test('a checkpoint is registered with its checkpoint id', async () => {
      functions.answer({ 'staff.registerVenue': ok({ venue: aVenue({ venueId: 'venue-3', name: '西门卡口', checkpointId: 'gate-west' }) }) });
      const page = await openLoaded();

      await fill(page, { '#name': '西门卡口', '#district': '松江区方松街道', '#address': '江学路西口', '#checkpoint-id': 'gate-west' });
      await tap(page, '#register');

      expect(functions.sent('staff.registerVenue')).toEqual([{ name: '西门卡口', district: '松江区方松街道', address: '江学路西口', checkpointId: 'gate-west' }]);
      expect(textOf(page.querySelectorAll('.tx-staff-venues__venue')[0])).toContain('查验点 gate-west');
    });

    test('says beside each field what is missing without calling the server, and clears it on typing', async () => {
      const page = await openLoaded();

      await tap(page, '#register');

      expect(textOf(find(page, '.tx-staff-venues__name-error'))).toBe('请填写场所或卡口名称');
      expect(textOf(find(page, '.tx-staff-venues__district-error'))).toBe('请填写所属街道或区');
      expect(functions.sent('staff.registerVenue')).toEqual([]);
      await typeInto(page, '#name', '岳阳街道菜市场');
      expect(exists(page, '.tx-staff-venues__name-error')).toBe(false);
      expect(exists(page, '.tx-staff-venues__district-error')).toBe(true);
    });

    test('a refusal naming a field is shown beside that field', async () => {
      functions.answer({ 'staff.registerVenue': refused('INVALID_REQUEST', '请求参数不正确：checkpointId：数值过大：期望 string <=64 字符') });
      const page = await openLoaded();

      await fill(page, { '#name': '西门卡口', '#district': '松江区方松街道', '#checkpoint-id': 'gate-west' });
      await tap(page, '#register');

      expect(textOf(find(page, '.tx-staff-venues__checkpoint-id-error'))).toBe('数值过大：期望 string <=64 字符');
      expect(exists(page, '.tx-staff-venues__error')).toBe(false);
    });

    test.each<[ErrorCode, string, string]>([
      ['FORBIDDEN', '', '您的账号没有办理此事项的权限'],
      ['UNAVAILABLE', '', '网络不可用，请稍后重试'],
      ['INTERNAL', '系统繁忙，请稍后重试', '系统繁忙，请稍后重试'],
    ])('on %s with message %p shows %p above the button and keeps what was typed', async (code, message, shown) => {
      functions.answer({ 'staff.registerVenue': refused(code, message) });
      const page = await openLoaded();

      await fill(page, { '#name': '岳阳街道菜市场', '#district': '松江区岳阳街道' });
      await tap(page, '#register');

      expect(textOf(find(page, '.tx-staff-venues__error'))).toBe(shown);
      expect(find(page, '#name').data.value).toBe('岳阳街道菜市场');
      expect(find(page, '#register').data.disabled).toBe(false);
      expect(venueNames(page)).toEqual(['东门卡口', '方松街道社区服务中心']);
    });

    test('greys out 登记 while it runs; a second tap sends nothing more', async () => {
      const reply = deferred<Result<{ venue: VenueView }>>();
      functions.answer({ 'staff.registerVenue': () => reply.promise });
      const page = await openLoaded();
      await fill(page, { '#name': '岳阳街道菜市场', '#district': '松江区岳阳街道' });

      find(page, '#register').dispatchEvent('tap');
      find(page, '#register').dispatchEvent('tap');
      await settle();

      expect(find(page, '#register').data.disabled).toBe(true);
      expect(textOf(find(page, '#register'))).toBe('正在登记…');
      expect(functions.sent('staff.registerVenue')).toHaveLength(1);
      reply.resolve(ok({ venue: aVenue({ venueId: 'venue-3' }) }));
      await settle();
      expect(find(page, '#register').data.disabled).toBe(false);
    });
  });

  describe('the poster', () => {
    test('下载场所码海报 asks for the venue’s poster and opens the PDF from the URL it answers', async () => {
      functions.answer({ 'staff.venuePoster': ok({ url: POSTER_URL }) });
      const { download, openDocument } = documentsOpen();
      const page = await openLoaded();

      await tapPoster(page, 1);

      expect(functions.sent('staff.venuePoster')).toEqual([{ venueId: 'venue-1' }]);
      expect(download).toHaveBeenCalledWith(expect.objectContaining({ url: POSTER_URL }));
      expect(openDocument).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/poster.pdf', fileType: 'pdf', showMenu: true });
      expect(textOf(page.querySelectorAll('.tx-staff-venues__venue')[1])).toContain('海报已生成');
      expect(exists(page, '.tx-staff-venues__poster-error')).toBe(false);
    });

    test('a refused poster call says why beside that venue and opens nothing', async () => {
      functions.answer({ 'staff.venuePoster': refused('NOT_FOUND', '找不到该场所，请刷新后重试。') });
      const { download } = documentsOpen();
      const page = await openLoaded();

      await tapPoster(page, 1);

      const [first, second] = page.querySelectorAll('.tx-staff-venues__venue');
      expect(textOf(second)).toContain('找不到该场所，请刷新后重试。');
      expect(textOf(first)).not.toContain('找不到该场所');
      expect(download).not.toHaveBeenCalled();
      expect(posterButton(page, 1).data.disabled).toBe(false);
    });

    test('a poster that cannot be downloaded says to try again; the poster is made all the same', async () => {
      functions.answer({ 'staff.venuePoster': ok({ url: POSTER_URL }) });
      const { openDocument } = documentsOpen(404);
      const page = await openLoaded();

      await tapPoster(page, 1);

      expect(textOf(find(page, '.tx-staff-venues__poster-error'))).toBe('海报已生成，但未能打开。请检查网络后再点一次「下载场所码海报」。');
      expect(openDocument).not.toHaveBeenCalled();
      expect(textOf(page.querySelectorAll('.tx-staff-venues__venue')[1])).toContain('海报已生成');
    });

    test('one poster at a time: taps while one is being made send nothing more', async () => {
      const reply = deferred<Result<{ url: string }>>();
      functions.answer({ 'staff.venuePoster': () => reply.promise });
      documentsOpen();
      const page = await openLoaded();

      posterButton(page, 0).dispatchEvent('tap');
      posterButton(page, 1).dispatchEvent('tap');
      await settle();

      expect(textOf(posterButton(page, 0))).toBe('正在准备…');
      expect(functions.sent('staff.venuePoster')).toEqual([{ venueId: 'venue-2' }]);
    });
  });
});
