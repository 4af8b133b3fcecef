import type { ErrorCode, Result, Role } from '../../../../typings/contract';
import { exists, find, loadComponent, open, settle, tap, textOf, typeInto } from '../../../test-support/simulate';
import { deferred, fakeFunctions, ok, refused, type FakeFunctions } from '../../../test-support/wx-cloud';

let pageId: string;
let functions: FakeFunctions;

beforeAll(() => {
  pageId = loadComponent('pages/invitation/index', 'tx-invitation');
});

beforeEach(() => {
  functions = fakeFunctions({ 'resident.redeemInvitation': ok({ roles: ['resident', 'guard'] }) });
});

afterEach(() => jest.restoreAllMocks());

describe('输入邀请码', () => {
  test('sends the code as typed and says which roles the account now has; 返回首页 goes back', async () => {
    const back = jest.spyOn(wx, 'navigateBack');
    const page = open(pageId);

    await typeInto(page, '#code', ' abcd-2345 ');
    await tap(page, '#redeem');

    expect(functions.sent('resident.redeemInvitation')).toEqual([{ code: 'abcd-2345' }]);
    expect(textOf(find(page, '.tx-invitation__roles'))).toBe('本微信号现在的身份：居民、查验员');

    await tap(page, '#back');
    expect(back).toHaveBeenCalled();
  });

  test('asks for the code without calling the server when the field is empty', async () => {
    const page = open(pageId);

    await tap(page, '#redeem');

    expect(textOf(find(page, '.tx-invitation__error'))).toBe('请输入邀请码');
    expect(functions.cloud.callFunction).not.toHaveBeenCalled();
  });

  test.each<[ErrorCode, string, string]>([
    ['CODE_INVALID', '该验证码已被使用，请向对方重新索取', '该验证码已被使用，请向对方重新索取'],
    ['CODE_INVALID', '', '验证码不正确或已过期，请核对后重新输入，或请对方重新获取'],
    ['RATE_LIMITED', '', '尝试次数过多，请稍后再试，或到社区办理'],
  ])('on %s with message %p shows %p', async (code, message, shown) => {
    functions.answer({ 'resident.redeemInvitation': refused(code, message) });
    const page = open(pageId);

    await typeInto(page, '#code', 'ABCD2345');
    await tap(page, '#redeem');

    expect(textOf(find(page, '.tx-invitation__error'))).toBe(shown);
    expect(exists(page, '.tx-invitation__done')).toBe(false);
    expect(find(page, '#redeem').data.disabled).toBe(false);
  });

  test('greys out the button while redeeming; a second tap sends nothing more', async () => {
    const reply = deferred<Result<{ roles: Role[] }>>();
    functions.answer({ 'resident.redeemInvitation': () => reply.promise });
    const page = open(pageId);
    await typeInto(page, '#code', 'ABCD2345');

    find(page, '#redeem').dispatchEvent('tap');
    find(page, '#redeem').dispatchEvent('tap');
    await settle();

    expect(find(page, '#redeem').data.disabled).toBe(true);
    expect(textOf(find(page, '#redeem'))).toBe('正在开通…');
    expect(functions.sent('resident.redeemInvitation')).toHaveLength(1);
  });
});
