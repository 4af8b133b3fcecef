import type { OneTimeCode, Result } from '../../../../typings/contract';
import { SERVER_TIME } from '../../../test-support/fixtures';
import { exists, find, loadComponent, open, settle, tap, textOf } from '../../../test-support/simulate';
import { deferred, fakeFunctions, ok, refused, type FakeFunctions } from '../../../test-support/wx-cloud';

let pageId: string;
let functions: FakeFunctions;

beforeAll(() => {
  pageId = loadComponent('pages/account-code/index', 'tx-account-code');
});

beforeEach(() => {
  functions = fakeFunctions({ 'resident.accountCode': ok({ code: 'ABCD2345', expiresAt: SERVER_TIME }) });
});

afterEach(() => jest.restoreAllMocks());

describe('账号验证码', () => {
  test('explains what the code is for before making one: moving a printed pass here, rebinding after a lost phone', async () => {
    const page = open(pageId);
    await settle();

    expect(textOf(page)).toContain('把社区办理的纸质通行证转到本微信上');
    expect(textOf(page)).toContain('换了手机或微信号后，把您的通行证换绑到本微信上');
    expect(textOf(page)).toContain('验证码只告诉社区工作人员，不要告诉其他人');
    expect(functions.cloud.callFunction).not.toHaveBeenCalled();
    expect(exists(page, '#code')).toBe(false);
  });

  test('on 获取账号验证码 shows the code with its expiry', async () => {
    const page = open(pageId);

    await tap(page, '#request');

    expect(functions.sent('resident.accountCode')).toEqual([{}]);
    expect(textOf(find(page, '#code'))).toContain('ABCD 2345');
    expect(textOf(find(page, '#code'))).toContain('有效期至 2025年3月1日 14:05:09');
    expect(textOf(find(page, '#request'))).toBe('重新获取验证码');
  });

  test('greys out the button while asking; a second tap asks nothing more', async () => {
    const reply = deferred<Result<OneTimeCode>>();
    functions.answer({ 'resident.accountCode': () => reply.promise });
    const page = open(pageId);

    find(page, '#request').dispatchEvent('tap');
    find(page, '#request').dispatchEvent('tap');
    await settle();

    expect(find(page, '#request').data.disabled).toBe(true);
    expect(textOf(page)).toContain('正在加载');
    expect(functions.sent('resident.accountCode')).toHaveLength(1);

    reply.resolve(ok({ code: 'WXYZ6789', expiresAt: SERVER_TIME }));
    await settle();
    expect(find(page, '#request').data.disabled).toBe(false);
  });

  test("shows the server's message on a refusal, and 重试 asks again", async () => {
    functions.answer({ 'resident.accountCode': refused('RATE_LIMITED', '尝试次数过多，请稍后再试，或到社区办理') });
    const page = open(pageId);

    await tap(page, '#request');

    expect(textOf(page)).toContain('尝试次数过多，请稍后再试，或到社区办理');
    expect(textOf(page)).not.toContain('有效期至');

    functions.answer({ 'resident.accountCode': ok({ code: 'WXYZ6789', expiresAt: SERVER_TIME }) });
    await tap(page, '#state >>> .tx-state-view__retry');

    expect(textOf(find(page, '#code'))).toContain('WXYZ 6789');
  });
});
