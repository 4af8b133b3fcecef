import type { Failure } from '../../../typings/contract';
import { callFunction } from '../cloud';
import { answered, installWxCloud, removeWxCloud, type FakeWxCloud } from '../../test-support/wx-cloud';

/** The fallback sentence for INTERNAL. */
const BUSY = '系统繁忙，请稍后重试';

describe('callFunction', () => {
  let cloud: FakeWxCloud;
  let warn: jest.SpyInstance;

  beforeEach(() => {
    cloud = installWxCloud();
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => warn.mockRestore());

  test('sends the action beside the params to the named function and answers its data', async () => {
    cloud.callFunction.mockResolvedValue(answered({ ok: true, data: { grants: [] } }));

    const result = await callFunction('staff', 'roles', { role: 'guard' });

    expect(cloud.callFunction).toHaveBeenCalledWith({ name: 'staff', data: { action: 'roles', role: 'guard' } });
    expect(result).toEqual({ ok: true, data: { grants: [] } });
  });

  test('turns a rejected call into UNAVAILABLE and logs the raw error for developers', async () => {
    const networkError = { errCode: -1, errMsg: 'cloud.callFunction:fail request:fail timeout' };
    cloud.callFunction.mockRejectedValue(networkError);

    await expect(callFunction('resident', 'session', {})).resolves.toEqual({
      ok: false,
      code: 'UNAVAILABLE',
      message: '网络不可用，请稍后重试',
    });
    expect(warn).toHaveBeenCalledWith('callFunction resident.session failed', networkError);
  });

  test('turns a missing wx.cloud (base library older than 2.2.3) into UNAVAILABLE', async () => {
    removeWxCloud();

    await expect(callFunction('resident', 'session', {})).resolves.toMatchObject({ ok: false, code: 'UNAVAILABLE' });
  });

  test.each<[string, unknown, Failure]>([
    [
      'a failure into the same failure',
      { ok: false, code: 'FORBIDDEN', message: '仅查验员可以扫码' },
      { ok: false, code: 'FORBIDDEN', message: '仅查验员可以扫码' },
    ],
    [
      'a failure with an empty message into one with the sentence for its code',
      { ok: false, code: 'INTERNAL', message: '' },
      { ok: false, code: 'INTERNAL', message: BUSY },
    ],
    [
      'a failure with a code this build does not know into INTERNAL, keeping its message but not its detail',
      { ok: false, code: 'APPEAL_CLOSED', message: '申诉已结束', detail: 'closed' },
      { ok: false, code: 'INTERNAL', message: '申诉已结束' },
    ],
    [
      'a failure with a detail into the same failure, detail kept',
      { ok: false, code: 'ID_INVALID', message: '校验码不正确', detail: 'checkDigit' },
      { ok: false, code: 'ID_INVALID', message: '校验码不正确', detail: 'checkDigit' },
    ],
    [
      'a failure with a detail but no message into one whose sentence uses the detail',
      { ok: false, code: 'ID_INVALID', message: '', detail: 'birthDate' },
      { ok: false, code: 'ID_INVALID', message: '出生日期不正确，请核对第7至14位（出生年月日）', detail: 'birthDate' },
    ],
    ['no answer at all into INTERNAL', undefined, { ok: false, code: 'INTERNAL', message: BUSY }],
    ['a bare string into INTERNAL', 'FUNCTIONS_EXECUTE_FAIL', { ok: false, code: 'INTERNAL', message: BUSY }],
    ['an object without ok into INTERNAL', { data: 1 }, { ok: false, code: 'INTERNAL', message: BUSY }],
  ])('turns %s', async (_case, functionAnswer, expected) => {
    cloud.callFunction.mockResolvedValue({ errMsg: 'cloud.callFunction:ok', result: functionAnswer as AnyObject });

    await expect(callFunction('resident', 'session', {})).resolves.toEqual(expected);
  });
});
