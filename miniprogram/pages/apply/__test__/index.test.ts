import type { ApplyResult, ErrorCode, Result } from '../../../../typings/contract';
import { deferred, fakeFunctions, ok, refused, type FakeFunctions } from '../../../test-support/wx-cloud';
import { aPass } from '../../../test-support/fixtures';
import { exists, find, loadComponent, open, settle, tap, textOf, typeInto, type Rendered } from '../../../test-support/simulate';

const VALID_ID = '11010519491231002X';

let pageId: string;
let functions: FakeFunctions;

beforeAll(() => {
  pageId = loadComponent('pages/apply/index', 'tx-apply');
});

beforeEach(() => {
  functions = fakeFunctions();
});

afterEach(() => jest.restoreAllMocks());

function applied(overrides: Partial<ApplyResult> = {}) {
  return ok<ApplyResult>({ pass: aPass(), created: true, carriedOver: false, ...overrides });
}

/** Fills in the form as a person who goes on to submit it: name, ID number, and the consent line ticked unless `consent` is false. */
async function fillIn(page: Rendered, name: string, idNumber: string, { consent = true } = {}): Promise<void> {
  await typeInto(page, '#name', name);
  await typeInto(page, '#id-number', idNumber);
  if (consent) await tap(page, '#consent');
}

describe('申领通行证', () => {
  test('says plainly that each person applies with their own WeChat and one account holds one pass', () => {
    const page = open(pageId);

    expect(textOf(page)).toContain('一个微信号只能申领一次，请勿借用自己的微信号为他人申领');
    expect(textOf(page)).toContain('每人用本人的微信，填写本人的姓名和身份证号码申领；一个微信号只能持有一张通行证');
    expect(textOf(page)).toContain('家人请用他们自己的微信申领');
    expect(textOf(page)).toContain('「家人代为出示」');
    expect(textOf(page)).toContain('没有智能手机的居民，请携带身份证到社区办理纸质通行证');
  });

  test('says the ID number is stored encrypted and shown only in part', () => {
    expect(textOf(find(open(pageId), '.tx-apply__privacy'))).toContain('身份证号码加密保存，页面上只显示部分号码');
  });

  test('asks consent for name and ID number as sensitive personal information, unticked at first, and leads to the guide', async () => {
    const navigate = jest.spyOn(wx, 'navigateTo');
    const page = open(pageId);

    expect(textOf(find(page, '#consent'))).toBe('我已阅读并同意《隐私保护指引》，同意提供姓名、身份证号码（敏感个人信息）用于申领通行证');
    expect(exists(page, '.tx-apply__tick--checked')).toBe(false);
    await tap(page, '.tx-apply__privacy-guide');
    expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/privacy/index' }));
  });

  test('refuses to submit without the consent ticked: says so beside it and calls no function', async () => {
    const page = open(pageId);
    await fillIn(page, '张三', VALID_ID, { consent: false });

    await tap(page, '#submit');

    expect(textOf(find(page, '.tx-apply__consent-error'))).toBe('请先阅读《隐私保护指引》，并勾选同意后再提交');
    expect(functions.cloud.callFunction).not.toHaveBeenCalled();
    expect(find(page, '#submit').data.disabled).toBe(false);
  });

  test('once ticked, the message goes and submit sends the application', async () => {
    functions.answer({ 'resident.apply': applied() });
    const page = open(pageId);
    await fillIn(page, '张三', VALID_ID, { consent: false });
    await tap(page, '#submit');

    await tap(page, '#consent');
    expect(exists(page, '.tx-apply__consent-error')).toBe(false);
    expect(textOf(find(page, '.tx-apply__tick--checked'))).toBe('✓');
    await tap(page, '#submit');

    expect(functions.sent('resident.apply')).toEqual([{ name: '张三', idNumber: VALID_ID }]);
  });

  test('a second tap on the line unticks it, and then nothing is sent', async () => {
    const page = open(pageId);
    await fillIn(page, '张三', VALID_ID);

    await tap(page, '#consent');
    await tap(page, '#submit');

    expect(exists(page, '.tx-apply__consent-error')).toBe(true);
    expect(functions.cloud.callFunction).not.toHaveBeenCalled();
  });

  test('sends the name and ID number as typed, then goes to my pass', async () => {
    const redirect = jest.spyOn(wx, 'redirectTo');
    const toast = jest.spyOn(wx, 'showToast');
    functions.answer({ 'resident.apply': applied() });
    const page = open(pageId);

    await fillIn(page, '张三', VALID_ID);
    await tap(page, '#submit');

    expect(functions.sent('resident.apply')).toEqual([{ name: '张三', idNumber: VALID_ID }]);
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '申领成功' }));
    expect(redirect).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/my-pass/index' }));
  });

  test.each([
    [{ carriedOver: true, created: true }, '已接续原通行证'],
    [{ carriedOver: false, created: false }, '您已申领过'],
  ])('says what happened when the answer is %p', async (outcome, title) => {
    const toast = jest.spyOn(wx, 'showToast');
    functions.answer({ 'resident.apply': applied(outcome) });
    const page = open(pageId);

    await fillIn(page, '张三', VALID_ID);
    await tap(page, '#submit');

    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title }));
  });

  test('greys out the button and says it is submitting; a second tap sends nothing more', async () => {
    const reply = deferred<Result<ApplyResult>>();
    functions.answer({ 'resident.apply': () => reply.promise });
    const page = open(pageId);
    await fillIn(page, '张三', VALID_ID);

    find(page, '#submit').dispatchEvent('tap');
    find(page, '#submit').dispatchEvent('tap');
    await settle();

    expect(find(page, '#submit').data.disabled).toBe(true);
    expect(textOf(find(page, '#submit'))).toBe('正在提交…');
    expect(functions.sent('resident.apply')).toHaveLength(1);

    reply.resolve(applied());
    await settle();
    expect(find(page, '#submit').data.disabled).toBe(true);
  });

  test('points out an empty form without calling the server', async () => {
    const page = open(pageId);

    await tap(page, '#submit');

    expect(textOf(find(page, '.tx-apply__name-error'))).toBe('请输入姓名');
    expect(textOf(find(page, '.tx-apply__id-error'))).toBe('请输入身份证号码');
    expect(exists(page, '.tx-apply__consent-error')).toBe(true);
    expect(functions.cloud.callFunction).not.toHaveBeenCalled();
  });

  test('points out an ID number of the wrong length before sending, and forgets it once retyped', async () => {
    const page = open(pageId);
    await fillIn(page, '张三', '11010519491231002');

    await tap(page, '#submit');

    expect(textOf(find(page, '.tx-apply__id-error'))).toBe('身份证号码应为18位，您输入了17位');
    expect(functions.cloud.callFunction).not.toHaveBeenCalled();

    await typeInto(page, '#id-number', VALID_ID);
    expect(exists(page, '.tx-apply__id-error')).toBe(false);
  });

  test("shows the server's ID_INVALID message, naming the part, under the ID number", async () => {
    functions.answer({ 'resident.apply': refused('ID_INVALID', '出生日期不正确，请核对第7至14位（出生年月日）', 'birthDate') });
    const page = open(pageId);
    await fillIn(page, '张三', VALID_ID);

    await tap(page, '#submit');

    expect(textOf(find(page, '.tx-apply__id-error'))).toBe('出生日期不正确，请核对第7至14位（出生年月日）');
    expect(find(page, '#submit').data.disabled).toBe(false);
  });

  test('names the part of the ID number from the detail when the server sent no message', async () => {
    functions.answer({ 'resident.apply': refused('ID_INVALID', '', 'checkDigit') });
    const page = open(pageId);
    await fillIn(page, '张三', VALID_ID);

    await tap(page, '#submit');

    expect(textOf(find(page, '.tx-apply__id-error'))).toBe('校验码不正确，请逐位核对号码，尤其是最后一位');
  });

  test("shows the server's NAME_INVALID message under the name", async () => {
    functions.answer({ 'resident.apply': refused('NAME_INVALID', '姓名不能包含数字') });
    const page = open(pageId);
    await fillIn(page, '张三3', VALID_ID);

    await tap(page, '#submit');

    expect(textOf(find(page, '.tx-apply__name-error'))).toBe('姓名不能包含数字');
    expect(exists(page, '.tx-apply__refusal')).toBe(false);
  });

  test.each<[ErrorCode, string]>([
    ['ID_BOUND_TO_OTHER_ACCOUNT', '该身份证号码的通行证已绑定其他微信号。如果不是您本人操作，请通过"我要申诉"反映，或携带身份证到社区办理换绑。'],
    ['ID_HAS_PRINTED_PASS', '社区已为您办理纸质通行证。如需改用微信出示，请携带身份证到社区，由工作人员转到您的微信号上。'],
    // A cancelled pass without an account: restored at the counter, then moved onto this account by its code.
    ['ID_HAS_PRINTED_PASS', '您的通行证已被注销。如需恢复，请携带身份证到社区办理，恢复后可由工作人员转到您的微信号上。'],
  ])('on %s shows the message and leads to the account code for the community office', async (code, message) => {
    const navigate = jest.spyOn(wx, 'navigateTo');
    functions.answer({ 'resident.apply': refused(code, message) });
    const page = open(pageId);
    await fillIn(page, '张三', VALID_ID);

    await tap(page, '#submit');

    expect(textOf(find(page, '.tx-apply__refusal-message'))).toBe(message);
    expect(textOf(find(page, '.tx-apply__refusal'))).toContain('请出示本微信的「账号验证码」');
    await tap(page, '.tx-apply__account-code');
    expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/account-code/index' }));
  });

  test('on ACCOUNT_HAS_PASS shows the message and leads to my pass', async () => {
    const navigate = jest.spyOn(wx, 'navigateTo');
    functions.answer({ 'resident.apply': refused('ACCOUNT_HAS_PASS', '此微信号已申领过通行证。') });
    const page = open(pageId);
    await fillIn(page, '李四', VALID_ID);

    await tap(page, '#submit');

    expect(textOf(find(page, '.tx-apply__refusal-message'))).toBe('此微信号已申领过通行证。');
    expect(exists(page, '.tx-apply__account-code')).toBe(false);
    await tap(page, '.tx-apply__my-pass');
    expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/my-pass/index' }));
  });

  test.each<[ErrorCode, string, string]>([
    ['RATE_LIMITED', '尝试次数过多，请于 2025年3月1日 14:05:09 之后再试，或到社区办理', '尝试次数过多，请于 2025年3月1日 14:05:09 之后再试，或到社区办理'],
    ['RATE_LIMITED', '', '尝试次数过多，请稍后再试，或到社区办理'],
    ['CONFLICT', '同时提交的申请较多，请稍后再试', '同时提交的申请较多，请稍后再试'],
    ['UNAVAILABLE', '', '网络不可用，请稍后重试'],
  ])('on %s with message %p shows %p above the button, which works again', async (code, message, shown) => {
    functions.answer({ 'resident.apply': refused(code, message) });
    const page = open(pageId);
    await fillIn(page, '张三', VALID_ID);

    await tap(page, '#submit');

    expect(textOf(find(page, '.tx-apply__refusal-message'))).toBe(shown);
    expect(textOf(page)).not.toContain(code);
    expect(exists(page, '.tx-apply__account-code')).toBe(false);
    expect(find(page, '#submit').data.disabled).toBe(false);
  });

  test('a new attempt clears the last refusal', async () => {
    functions.answer({ 'resident.apply': refused('CONFLICT', '同时提交的申请较多，请稍后再试') });
    const page = open(pageId);
    await fillIn(page, '张三', VALID_ID);
    await tap(page, '#submit');

    functions.answer({ 'resident.apply': applied() });
    await tap(page, '#submit');

    expect(exists(page, '.tx-apply__refusal')).toBe(false);
  });
});

describe('申领通行证 with 人脸核验 on', () => {
  type FacialVerify = (options: WechatMiniprogram.RequestFacialVerifyOption) => void;
  const scope = wx as unknown as { requestFacialVerify?: FacialVerify };
  let scans: string[];

  beforeEach(() => {
    scans = [];
    scope.requestFacialVerify = (options) => {
      scans.push(options.verifyId);
      options.complete?.({ errMsg: 'requestFacialVerify:ok', errCode: 0 });
    };
  });
  afterEach(() => {
    delete scope.requestFacialVerify;
  });

  const modal = (confirm: boolean) => jest.spyOn(wx, 'showModal').mockResolvedValue({ confirm, cancel: !confirm, content: '', errMsg: 'showModal:ok' });
  const started = ok({ verification: 'seq-0001', verifyId: 'verify-1', validUntil: 0 });

  test('when the server asks for a scan: gives the advice, scans the face and applies again with it', async () => {
    const shown = modal(true);
    functions.answer({
      'resident.apply': (params) => (params.faceVerification ? applied() : refused('FACE_VERIFICATION_REQUIRED', '请先完成人脸核验')),
      'resident.startFaceVerification': started,
    });
    const page = open(pageId);
    await fillIn(page, '张三', VALID_ID);

    await tap(page, '#submit');

    expect(shown.mock.calls[0][0].content).toMatch(/光线均匀.*摘下口罩.*不要贴面膜/);
    // Separate consent for the face (biometrics), which confirming gives.
    expect(shown.mock.calls[0][0].content).toMatch(/^人脸信息属于敏感个人信息，需要您单独同意.*不获取、不保存人脸图像.*点「同意核验」即表示您同意本次人脸核验/);
    expect(shown.mock.calls[0][0]).toEqual(expect.objectContaining({ confirmText: '同意核验', cancelText: '暂不申领' }));
    expect(functions.sent('resident.startFaceVerification')).toEqual([{ name: '张三', idNumber: VALID_ID }]);
    expect(scans).toEqual(['verify-1']);
    expect(functions.sent('resident.apply')).toEqual([
      { name: '张三', idNumber: VALID_ID },
      { name: '张三', idNumber: VALID_ID, faceVerification: 'seq-0001' },
    ]);
  });

  test('a scan that did not pass shows what to do, and the button works again', async () => {
    modal(true);
    const advice = '没有采集到清晰的人脸。请到光线均匀的地方再试';
    functions.answer({
      'resident.apply': (params) => (params.faceVerification ? refused('FACE_VERIFICATION_FAILED', advice, '90011') : refused('FACE_VERIFICATION_REQUIRED')),
      'resident.startFaceVerification': started,
    });
    const page = open(pageId);
    await fillIn(page, '张三', VALID_ID);

    await tap(page, '#submit');

    expect(textOf(find(page, '.tx-apply__refusal-message'))).toBe(advice);
    expect(find(page, '#submit').data.disabled).toBe(false);
  });

  test('declining the scan starts nothing and says a scan is needed', async () => {
    modal(false);
    functions.answer({ 'resident.apply': refused('FACE_VERIFICATION_REQUIRED') });
    const page = open(pageId);
    await fillIn(page, '张三', VALID_ID);

    await tap(page, '#submit');

    expect(functions.sent('resident.startFaceVerification')).toEqual([]);
    expect(textOf(find(page, '.tx-apply__refusal-message'))).toContain('需要先完成人脸核验');
  });

  test('a WeChat too old to scan is told to upgrade or go to the community office', async () => {
    delete scope.requestFacialVerify;
    modal(true);
    functions.answer({ 'resident.apply': refused('FACE_VERIFICATION_REQUIRED'), 'resident.startFaceVerification': started });
    const page = open(pageId);
    await fillIn(page, '张三', VALID_ID);

    await tap(page, '#submit');

    expect(functions.sent('resident.apply')).toHaveLength(1);
    expect(textOf(find(page, '.tx-apply__refusal-message'))).toContain('请升级微信后再试');
  });

  test("a refused start (the server's ID check) shows under the field, as for apply", async () => {
    modal(true);
    functions.answer({ 'resident.apply': refused('FACE_VERIFICATION_REQUIRED'), 'resident.startFaceVerification': refused('ID_INVALID', '校验码不正确', 'checkDigit') });
    const page = open(pageId);
    await fillIn(page, '张三', VALID_ID);

    await tap(page, '#submit');

    expect(textOf(find(page, '.tx-apply__id-error'))).toBe('校验码不正确');
  });
});
