import { callerFromContext } from './caller';
import { invocationContext } from '../../emulator/runtime';

describe('callerFromContext reads the platform context through the node-sdk', () => {
  test('a mini-program call carries openid, appid and unionid in context.environment', () => {
    const context = invocationContext('resident', { openid: 'oABC', appid: 'wx123', unionid: 'uXYZ' });
    expect(callerFromContext(context)).toEqual({ openid: 'oABC', appid: 'wx123', unionid: 'uXYZ', triggerSource: '' });
  });

  test('a timer invocation has no openid and says it came from the timer', () => {
    expect(callerFromContext(invocationContext('cron', { triggerSource: 'timer' }))).toMatchObject({ openid: '', triggerSource: 'timer' });
  });

  test('the older runtime string form `environ` is understood too', () => {
    expect(callerFromContext({ environ: 'WX_OPENID=oOld;WX_APPID=wxOld' })).toMatchObject({ openid: 'oOld', appid: 'wxOld' });
  });

  test('a context without environment falls back to the process, which holds no caller', () => {
    expect(callerFromContext({})).toMatchObject({ openid: '' });
    expect(callerFromContext(undefined)).toMatchObject({ openid: '' });
  });
});
