import type { ActionName, ErrorCode, Failure, FunctionName, ParamsOf, Result, ResultOf } from '../../typings/contract';
import { isErrorCode, messageFor } from './messages';

/**
 * Calls one action of a cloud function: the only place the mini-program touches wx.cloud.callFunction.
 * It always resolves, never throws: a network or platform failure becomes UNAVAILABLE, an answer that is not a
 * Result becomes INTERNAL, and every failure carries a sentence a resident can read.
 */
export async function callFunction<F extends FunctionName, A extends ActionName<F>>(
  name: F,
  action: A,
  params: ParamsOf<F, A>,
): Promise<Result<ResultOf<F, A>>> {
  let answer: unknown;
  try {
    // Inside the try: wx.cloud is missing on base libraries older than 2.2.3, which is a platform failure too.
    // Object.assign rather than a spread: TypeScript cannot spread the generic ParamsOf<F, A>.
    const response = await wx.cloud.callFunction({ name, data: Object.assign({ action }, params) });
    answer = response.result;
  } catch (error) {
    // The raw error (errCode, errMsg) is what a developer needs; the resident gets the plain sentence.
    console.warn(`callFunction ${name}.${action} failed`, error);
    return failure('UNAVAILABLE');
  }
  return toResult<ResultOf<F, A>>(answer, `${name}.${action}`);
}

function toResult<T>(answer: unknown, call: string): Result<T> {
  if (isRecord(answer) && answer.ok === true && 'data' in answer) {
    return { ok: true, data: answer.data as T };
  }
  if (isRecord(answer) && answer.ok === false) {
    const code = isErrorCode(answer.code) ? answer.code : 'INTERNAL';
    // detail only means something beside the code it came with; an unknown code loses it with the code.
    const detail = code === answer.code && typeof answer.detail === 'string' ? answer.detail : undefined;
    return failure(code, answer.message, detail);
  }
  console.warn(`callFunction ${call} answered something that is not a Result`, answer);
  return failure('INTERNAL');
}

function failure(code: ErrorCode, serverMessage?: unknown, detail?: string): Failure {
  const message = typeof serverMessage === 'string' && serverMessage !== '' ? serverMessage : messageFor(code, detail);
  return detail === undefined ? { ok: false, code, message } : { ok: false, code, message, detail };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
