import type { ActionName, EventOf, FunctionName, Result, ResultOf } from '../../typings/contract';
import type { CallableMain, Platform } from '../../cloudfunctions/shared/handler';
import { createGuard } from '../../cloudfunctions/guard';
import { createResident } from '../../cloudfunctions/resident';
import { createStaff } from '../../cloudfunctions/staff';
import { invocationContext } from '../../emulator/runtime';

/**
 * The functions called from the mini-program, built on `platform`, and a typed way to call one of them as a
 * given WeChat account (the openid travels in the platform context, as in the cloud).
 */
export function callerOf(platform: Platform) {
  const functions: Record<FunctionName, CallableMain> = {
    resident: createResident(platform),
    guard: createGuard(platform),
    staff: createStaff(platform),
  };
  return <F extends FunctionName, A extends ActionName<F>>(fn: F, event: EventOf<F, A>, openid: string) =>
    functions[fn](event, invocationContext(fn, { openid })) as Promise<Result<ResultOf<F, A>>>;
}

/** The data of a successful answer; fails the test with the answer when it is a failure. */
export function dataOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result.data;
}
