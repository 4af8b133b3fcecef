import type { ErrorCode, Result, StaffPassView } from '../../../../typings/contract';
import { aFamilyGrant, aStaffPass, SERVER_TIME } from '../../../test-support/fixtures';
import { answerModal, exists, find, loadComponent, open, settle, tap, textOf, typeInto, type Rendered } from '../../../test-support/simulate';
import { deferred, fakeFunctions, ok, refused, type FakeFunctions } from '../../../test-support/wx-cloud';

const ID_NUMBER = '11010519491231002X';

let pageId: string;
let functions: FakeFunctions;

beforeAll(() => {
  pageId = loadComponent('pages/staff-passes/index', 'tx-staff-passes');
});

beforeEach(() => {
  functions = fakeFunctions({ 'staff.findPass': ok({ pass: aStaffPass() }) });
});

afterEach(() => jest.restoreAllMocks());

async function search(page: Rendered, idNumber = ID_NUMBER, reason = '居民到柜台补卡'): Promise<void> {
  await typeInto(page, '#id-number', idNumber);
  await typeInto(page, '#search-reason', reason);
  await tap(page, '#search');
}

async function openWithPass(pass: StaffPassView = aStaffPass()): Promise<Rendered> {
  functions.answer({ 'staff.findPass': ok({ pass }) });
  const page = open(pageId);
  await search(page);
  return page;
}

function actionLabels(page: Rendered): string[] {
  return page.querySelectorAll('.tx-choice__option').map((option) => textOf(option));
}

async function act(page: Rendered, action: string, fields: Record<string, string>): Promise<void> {
  await tap(page, `.tx-staff-passes__action--${action}`);
  for (const [selector, value] of Object.entries(fields)) await typeInto(page, selector, value);
  await tap(page, '#act');
}

describe('纸质通行证', () => {
  describe('finding a pass', () => {
    test('sends the ID number with the reason and shows the pass with full name, card and account', async () => {
      const page = await openWithPass(aStaffPass({ name: '王小明', card: { serial: 2, printedAt: SERVER_TIME }, accountMasked: null, legacyNumber: 'NH-000123' }));

      expect(functions.sent('staff.findPass')).toEqual([{ idNumber: ID_NUMBER, reason: '居民到柜台补卡' }]);
      expect(textOf(find(page, '.tx-staff-passes__name'))).toBe('王小明');
      expect(textOf(find(page, '.tx-staff-passes__card'))).toBe('第 2 张，2025年3月1日 打印');
      expect(textOf(find(page, '.tx-staff-passes__account'))).toBe('未绑定微信（纸质通行证）');
      expect(textOf(find(page, '.tx-staff-passes__legacy'))).toBe('NH-000123');
      expect(textOf(find(page, '#card'))).toContain('绿码');
    });

    test.each([
      ['a short ID number', '11010519491231002', '居民到柜台补卡', '身份证号码应为18位，您输入了17位'],
      ['no reason', ID_NUMBER, ' ', '请填写查询事由'],
    ])('with %s says what is missing without calling the server', async (_case, idNumber, reason, problem) => {
      const page = open(pageId);

      await search(page, idNumber, reason);

      expect(textOf(find(page, '.tx-staff-passes__search-error'))).toBe(problem);
      expect(functions.sent('staff.findPass')).toEqual([]);
    });

    test.each<[ErrorCode, string, string]>([
      ['FORBIDDEN', '', '您的账号没有办理此事项的权限'],
      ['ID_INVALID', '校验码不正确，请逐位核对号码，尤其是最后一位', '校验码不正确，请逐位核对号码，尤其是最后一位'],
    ])("on %s with message %p shows %p", async (code, message, shown) => {
      functions.answer({ 'staff.findPass': refused(code, message) });
      const page = open(pageId);

      await search(page);

      expect(textOf(find(page, '.tx-staff-passes__search-error'))).toBe(shown);
      expect(exists(page, '.tx-staff-passes__pass')).toBe(false);
    });

    test('greys out 查找 while it runs; a second tap sends nothing more', async () => {
      const reply = deferred<Result<{ pass: StaffPassView | null }>>();
      functions.answer({ 'staff.findPass': () => reply.promise });
      const page = open(pageId);
      await typeInto(page, '#id-number', ID_NUMBER);
      await typeInto(page, '#search-reason', '补卡');

      find(page, '#search').dispatchEvent('tap');
      find(page, '#search').dispatchEvent('tap');
      await settle();

      expect(find(page, '#search').data.disabled).toBe(true);
      expect(functions.sent('staff.findPass')).toHaveLength(1);
    });
  });

  describe('issuing a printed pass', () => {
    beforeEach(() => {
      functions.answer({ 'staff.findPass': ok({ pass: null }) });
    });

    test('offers it when no pass has the ID number, and issues it for the number searched', async () => {
      const toast = jest.spyOn(wx, 'showToast');
      functions.answer({ 'staff.issuePrintedPass': ok({ pass: aStaffPass({ name: '王小明' }) }) });
      const page = open(pageId);
      await search(page);

      expect(textOf(find(page, '.tx-staff-passes__missing'))).toContain('未找到此身份证号码的通行证');
      expect(textOf(find(page, '.tx-staff-passes__missing'))).toContain(`身份证号码：${ID_NUMBER}`);

      // Editing the search field afterwards does not change whose pass is issued.
      await typeInto(page, '#id-number', '110105194912310021');
      await typeInto(page, '#name', '王小明');
      await typeInto(page, '#issue-reason', '老人无智能手机');
      await tap(page, '#issue');

      expect(functions.sent('staff.issuePrintedPass')).toEqual([{ name: '王小明', idNumber: ID_NUMBER, reason: '老人无智能手机' }]);
      expect(textOf(find(page, '.tx-staff-passes__name'))).toBe('王小明');
      expect(exists(page, '.tx-staff-passes__missing')).toBe(false);
      expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '已办理' }));
    });

    test.each([
      ['no name', '', '老人无智能手机', '请填写姓名'],
      ['no reason', '王小明', '', '请填写办理事由'],
    ])('with %s says what is missing without calling the server', async (_case, name, reason, problem) => {
      const page = open(pageId);
      await search(page);

      await typeInto(page, '#name', name);
      await typeInto(page, '#issue-reason', reason);
      await tap(page, '#issue');

      expect(textOf(find(page, '.tx-staff-passes__issue-error'))).toBe(problem);
      expect(functions.sent('staff.issuePrintedPass')).toEqual([]);
    });

    test.each<[ErrorCode, string]>([
      ['NAME_INVALID', '姓名不能包含数字'],
      ['ID_BOUND_TO_OTHER_ACCOUNT', '该身份证号码的通行证已绑定其他微信号。'],
      ['CONFLICT', '同时提交的申请较多，请稍后再试'],
    ])("on %s shows the server's message", async (code, message) => {
      functions.answer({ 'staff.issuePrintedPass': refused(code, message) });
      const page = open(pageId);
      await search(page);

      await typeInto(page, '#name', '王小明');
      await typeInto(page, '#issue-reason', '老人无智能手机');
      await tap(page, '#issue');

      expect(textOf(find(page, '.tx-staff-passes__issue-error'))).toBe(message);
      expect(find(page, '#issue').data.disabled).toBe(false);
    });
  });

  describe('acting on a pass', () => {
    test.each<[string, StaffPassView, string[]]>([
      ['a printed pass with a card', aStaffPass(), ['打印卡片', '补打卡片', '转到居民微信', '关联监护人', '注销']],
      // No card to cancel it by: the server refuses 注销 without one (staffActProblem), so it is not offered.
      ['an imported pass without card or account', aStaffPass({ card: null, origin: 'migrated' }), ['转到居民微信', '关联监护人']],
      // Shown on the phone, no card: the server refuses 注销 here, so the page does not offer it.
      ['a pass on an account', aStaffPass({ card: null, accountMasked: 'oAbc****wxyz', origin: 'self' }), ['换绑微信']],
      ['a cancelled pass', aStaffPass({ status: 'cancelled', card: null }), ['恢复']],
      ['a cancelled pass on an account', aStaffPass({ status: 'cancelled', card: null, accountMasked: 'oAbc****wxyz', origin: 'self' }), ['恢复']],
    ])('offers what fits %s, exactly the acts the server allows', async (_case, pass, labels) => {
      const page = await openWithPass(pass);

      expect(actionLabels(page)).toEqual(labels);
    });

    test('补打卡片 sends the reason and shows the new card', async () => {
      const toast = jest.spyOn(wx, 'showToast');
      functions.answer({ 'staff.reprintCard': ok({ pass: aStaffPass({ card: { serial: 2, printedAt: SERVER_TIME } }) }) });
      const page = await openWithPass();

      await act(page, 'reprint', { '#action-reason': '卡片遗失' });

      expect(functions.sent('staff.reprintCard')).toEqual([{ passId: 'pass-paper', reason: '卡片遗失' }]);
      expect(textOf(find(page, '.tx-staff-passes__card'))).toBe('第 2 张，2025年3月1日 打印');
      expect(exists(page, '#act')).toBe(false);
      expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '已办理' }));
    });

    test('打印卡片 sends the reason and opens the card PDF from the download URL it answers', async () => {
      const toast = jest.spyOn(wx, 'showToast');
      const url = 'https://example-1250000000.tcb.qcloud.la/cards/pass-paper/1.pdf?sign=abc';
      functions.answer({ 'staff.printCard': ok({ url, serial: 1, expiresAt: SERVER_TIME + 365 * 86_400_000 }) });
      const download = jest.spyOn(wx, 'downloadFile').mockImplementation((option) => {
        option.success?.({ statusCode: 200, tempFilePath: 'wxfile://tmp/card-1.pdf', filePath: '', profile: {} as WechatMiniprogram.RequestProfile, errMsg: 'downloadFile:ok' });
        return {} as WechatMiniprogram.DownloadTask;
      });
      const openDocument = jest.spyOn(wx, 'openDocument').mockResolvedValue({ errMsg: 'openDocument:ok' });
      const page = await openWithPass();

      await act(page, 'print', { '#action-reason': '居民到柜台领取卡片' });

      expect(functions.sent('staff.printCard')).toEqual([{ passId: 'pass-paper', reason: '居民到柜台领取卡片' }]);
      expect(download).toHaveBeenCalledWith(expect.objectContaining({ url }));
      expect(openDocument).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/card-1.pdf', fileType: 'pdf', showMenu: true });
      expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '已打开卡片' }));
      expect(textOf(find(page, '.tx-staff-passes__card'))).toBe('第 1 张，2025年3月1日 打印');
    });

    test('打印卡片 whose PDF cannot be downloaded says so and keeps the form for another try', async () => {
      functions.answer({ 'staff.printCard': ok({ url: 'https://example.invalid/card.pdf', serial: 1, expiresAt: SERVER_TIME }) });
      jest.spyOn(wx, 'downloadFile').mockImplementation((option) => {
        option.fail?.({ errMsg: 'downloadFile:fail timeout' });
        return {} as WechatMiniprogram.DownloadTask;
      });
      const openDocument = jest.spyOn(wx, 'openDocument');
      const page = await openWithPass();

      await act(page, 'print', { '#action-reason': '居民到柜台领取卡片' });

      expect(textOf(find(page, '.tx-staff-passes__action-error'))).toBe('卡片已生成，但未能打开。请检查网络后再点一次「打印卡片」。');
      expect(openDocument).not.toHaveBeenCalled();
      expect(find(page, '#act').data.disabled).toBe(false);
    });

    test('转到居民微信 sends the account code the resident shows and then offers only 换绑', async () => {
      functions.answer({ 'staff.movePassToAccount': ok({ pass: aStaffPass({ card: null, accountMasked: 'oAbc****wxyz' }) }) });
      const page = await openWithPass();

      await act(page, 'move', { '#account-code': 'ACCT2345', '#action-reason': '居民已有智能手机' });

      expect(functions.sent('staff.movePassToAccount')).toEqual([{ passId: 'pass-paper', accountCode: 'ACCT2345', reason: '居民已有智能手机' }]);
      expect(textOf(find(page, '.tx-staff-passes__account'))).toBe('已绑定 oAbc****wxyz');
      expect(actionLabels(page)).toEqual(['换绑微信']);
    });

    test('换绑微信 sends the new account code', async () => {
      functions.answer({ 'staff.rebindPass': ok({ pass: aStaffPass({ card: null, accountMasked: 'oNew****wxyz' }) }) });
      const page = await openWithPass(aStaffPass({ card: null, accountMasked: 'oOld****wxyz' }));

      await act(page, 'rebind', { '#account-code': 'NEWA2345', '#action-reason': '手机丢失，已核对身份证' });

      expect(functions.sent('staff.rebindPass')).toEqual([{ passId: 'pass-paper', accountCode: 'NEWA2345', reason: '手机丢失，已核对身份证' }]);
      expect(textOf(find(page, '.tx-staff-passes__account'))).toBe('已绑定 oNew****wxyz');
    });

    test('关联监护人 sends the guardian’s account code and relation', async () => {
      const toast = jest.spyOn(wx, 'showToast');
      functions.answer({ 'staff.linkGuardian': ok({ grant: aFamilyGrant({ label: '女儿' }) }) });
      const page = await openWithPass();

      await act(page, 'guardian', { '#account-code': 'GUAR2345', '#guardian-label': '女儿', '#action-reason': '老人由女儿照顾' });

      expect(functions.sent('staff.linkGuardian')).toEqual([{ passId: 'pass-paper', accountCode: 'GUAR2345', label: '女儿', reason: '老人由女儿照顾' }]);
      expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '已关联监护人' }));
    });

    test('注销 asks first and, once confirmed, cancels: the pass says 已注销 and offers only 恢复', async () => {
      const modal = answerModal(true);
      functions.answer({ 'staff.cancelPass': ok({ pass: aStaffPass({ status: 'cancelled' }) }) });
      const page = await openWithPass();

      await act(page, 'cancel', { '#action-reason': '本人已迁出' });

      expect(modal).toHaveBeenCalledWith(expect.objectContaining({ content: '注销后，此通行证不能再用于通行。确定注销吗？' }));
      expect(functions.sent('staff.cancelPass')).toEqual([{ passId: 'pass-paper', reason: '本人已迁出' }]);
      expect(textOf(find(page, '#card >>> .tx-pass-card__status'))).toBe('已注销');
      expect(actionLabels(page)).toEqual(['恢复']);
    });

    test('恢复 asks first and, once confirmed, restores: the pass is valid again with its new card to print', async () => {
      const toast = jest.spyOn(wx, 'showToast');
      const modal = answerModal(true);
      functions.answer({ 'staff.restorePass': ok({ pass: aStaffPass({ card: { serial: 2, printedAt: SERVER_TIME } }) }) });
      const page = await openWithPass(aStaffPass({ status: 'cancelled', card: null }));

      await tap(page, '.tx-staff-passes__action--restore');
      expect(textOf(find(page, '.tx-staff-passes__note'))).toContain('原卡片仍作废');
      await typeInto(page, '#action-reason', '本人迁回本市');
      await tap(page, '#act');

      expect(modal).toHaveBeenCalledWith(expect.objectContaining({ title: '恢复', content: '恢复后，此通行证可以再次用于通行。确定恢复吗？' }));
      expect(functions.sent('staff.restorePass')).toEqual([{ passId: 'pass-paper', reason: '本人迁回本市' }]);
      expect(textOf(find(page, '#card >>> .tx-pass-card__status'))).not.toBe('已注销');
      expect(textOf(find(page, '.tx-staff-passes__card'))).toBe('第 2 张，2025年3月1日 打印');
      expect(actionLabels(page)).toEqual(['打印卡片', '补打卡片', '转到居民微信', '关联监护人', '注销']);
      expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '已办理' }));
    });

    test('恢复 declined in the dialog sends nothing; refused, it shows why and keeps the form', async () => {
      answerModal(false);
      const page = await openWithPass(aStaffPass({ status: 'cancelled', card: null }));

      await act(page, 'restore', { '#action-reason': '本人迁回本市' });
      expect(functions.sent('staff.restorePass')).toEqual([]);

      answerModal(true);
      functions.answer({ 'staff.restorePass': refused('INVALID_STATE', '该通行证未注销，无需恢复。') });
      await tap(page, '#act');

      expect(textOf(find(page, '.tx-staff-passes__action-error'))).toBe('该通行证未注销，无需恢复。');
      expect(find(page, '#act').data.disabled).toBe(false);
    });

    test('注销 declined in the dialog sends nothing and leaves the form open', async () => {
      answerModal(false);
      const page = await openWithPass();

      await act(page, 'cancel', { '#action-reason': '本人已迁出' });

      expect(functions.sent('staff.cancelPass')).toEqual([]);
      expect(find(page, '#act').data.disabled).toBe(false);
    });

    test('补打卡片 does not ask first: only 注销 and 恢复, which decide whether the pass may be used, do', async () => {
      const modal = answerModal(true);
      functions.answer({ 'staff.reprintCard': ok({ pass: aStaffPass() }) });
      const page = await openWithPass();

      await act(page, 'reprint', { '#action-reason': '卡片遗失' });

      expect(modal).not.toHaveBeenCalled();
    });

    test.each([
      ['move', {}, '请填写对方出示的账号验证码'],
      ['guardian', { '#account-code': 'GUAR2345' }, '请填写监护人与本人的关系，如：女儿'],
      ['reprint', {}, '请填写办理事由'],
    ])('%s with fields %p missing says %p without calling the server', async (action, fields, problem) => {
      const page = await openWithPass();

      await act(page, action, fields);

      expect(textOf(find(page, '.tx-staff-passes__action-error'))).toBe(problem);
      expect(functions.cloud.callFunction).toHaveBeenCalledTimes(1); // the search only
    });

    test.each<[ErrorCode, string, string]>([
      ['CODE_INVALID', '该验证码已过期，请向对方重新索取', '该验证码已过期，请向对方重新索取'],
      ['ACCOUNT_HAS_PASS', '', '此微信号已申领过通行证。一个微信号只能申领一次，请勿借用自己的微信号为他人申领'],
      ['INVALID_STATE', '', '当前状态不能办理此事项，请刷新后查看'],
    ])("on %s with message %p shows %p and keeps the form", async (code, message, shown) => {
      functions.answer({ 'staff.movePassToAccount': refused(code, message) });
      const page = await openWithPass();

      await act(page, 'move', { '#account-code': 'ACCT2345', '#action-reason': '居民已有智能手机' });

      expect(textOf(find(page, '.tx-staff-passes__action-error'))).toBe(shown);
      expect(find(page, '#act').data.disabled).toBe(false);
      expect(find(page, '#account-code').data.value).toBe('ACCT2345');
    });

    test('greys out the act while it runs; a second tap sends nothing more', async () => {
      const reply = deferred<Result<{ pass: StaffPassView }>>();
      functions.answer({ 'staff.reprintCard': () => reply.promise });
      const page = await openWithPass();
      await tap(page, '.tx-staff-passes__action--reprint');
      await typeInto(page, '#action-reason', '卡片遗失');

      find(page, '#act').dispatchEvent('tap');
      find(page, '#act').dispatchEvent('tap');
      await settle();

      expect(find(page, '#act').data.disabled).toBe(true);
      expect(textOf(find(page, '#act'))).toBe('正在办理…');
      expect(functions.sent('staff.reprintCard')).toHaveLength(1);
    });

    test('each act shows what it does before its form', async () => {
      const page = await openWithPass();

      await tap(page, '.tx-staff-passes__action--move');

      expect(textOf(find(page, '.tx-staff-passes__note'))).toContain('请居民在本人微信「通行」中打开「账号验证码」');
      expect(textOf(find(page, '#act'))).toBe('转到居民微信');
    });
  });
});
