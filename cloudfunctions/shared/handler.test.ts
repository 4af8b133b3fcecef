import { z } from 'zod';
import { callableFunction, type Platform } from './handler';
import { AppError } from './errors';
import { readConfig } from './config';
import { invocationContext } from '../../emulator/runtime';
import { guardActions } from '../guard';
import { syntheticIdNumber } from '../../test/support/people';

/** A platform without a database: every action here is open to residents, so no role is read. */
const offline: Platform = {
  db: () => ({}) as ReturnType<Platform['db']>,
  config: () => readConfig({}),
  clock: () => new Date('2026-11-27T08:00:00Z'),
};

/** An action open to every account that answers the clock it was given. */
const echo = callableFunction(
  'guard',
  {
    ...guardActions,
    post: {
      params: z.strictObject({}),
      allow: ['resident'],
      async run(_params, context) {
        return { checkpointId: 'cp', checkpointName: context.now.toISOString() };
      },
    },
  },
  offline,
);

const asResident = invocationContext('guard', { openid: 'o-test' });

describe('callable function convention', () => {
  test('answers { ok: true, data } for a valid call, with the clock passed in', async () => {
    await expect(echo({ action: 'post' }, asResident)).resolves.toEqual({
      ok: true,
      data: { checkpointId: 'cp', checkpointName: '2026-11-27T08:00:00.000Z' },
    });
  });

  test('ignores the userInfo that wx.cloud.callFunction adds to every event', async () => {
    const result = await echo({ action: 'post', userInfo: { openId: 'o-forged', appId: 'wx' } }, asResident);
    expect(result.ok).toBe(true);
  });

  test.each([
    ['a string', 'post'],
    ['null', null],
    ['an array', [{ action: 'post' }]],
    ['an object without action', { name: '张三' }],
    ['an empty action', { action: '' }],
  ])('refuses %s as INVALID_REQUEST', async (_label, event) => {
    const result = await echo(event, asResident);
    expect(result).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
  });

  test('refuses an unknown action, including inherited object keys', async () => {
    for (const action of ['delete', 'toString', '__proto__', 'constructor']) {
      await expect(echo({ action }, asResident)).resolves.toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
    }
  });

  test('refuses unknown parameters with a Chinese message naming them', async () => {
    const result = await echo({ action: 'post', extra: 1 }, asResident);
    expect(result).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(!result.ok && result.message).toMatch(/extra/);
    expect(!result.ok && result.message).toMatch(/请求参数不正确/);
  });

  test('takes the caller only from the context: an openid in the event does not authenticate', async () => {
    const noCaller = invocationContext('guard', {});
    await expect(echo({ action: 'post', openid: 'o-forged' }, noCaller)).resolves.toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    await expect(echo({ action: 'post' }, { request_id: 'r' })).resolves.toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });

  test('turns an AppError into its code and message, and any other error into INTERNAL without details', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    /** The guard function with `post` replaced by one that throws `error`. */
    const throwing = (error: Error) =>
      callableFunction(
        'guard',
        {
          ...guardActions,
          post: {
            params: z.strictObject({}),
            allow: ['resident'],
            async run() {
              throw error;
            },
          },
        },
        offline,
      );
    const idLike = syntheticIdNumber(42);
    const failing = throwing(new Error(`lookup of ${idLike} failed`));
    const refusing = throwing(new AppError('FORBIDDEN', '不可以'));
    const asGuard = invocationContext('guard', { openid: 'o-g' });
    await expect(refusing({ action: 'post' }, asGuard)).resolves.toEqual({ ok: false, code: 'FORBIDDEN', message: '不可以' });
    const internal = await failing({ action: 'post' }, asGuard);
    expect(internal).toEqual({ ok: false, code: 'INTERNAL', message: '系统繁忙，请稍后重试' });
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0][0])).not.toContain(idLike);
    expect(String(errors.mock.calls[0][0])).toContain('<id-like number>');
    errors.mockRestore();
  });
});
