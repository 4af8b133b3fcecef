import type { ErrorCode, Failure, Success } from '../../typings/contract';

/** A failure meant for the caller: a typed code and a sentence a person can act on (zh-CN). */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Machine-readable precision (which part of an ID number, when to retry). */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function success<T>(data: T): Success<T> {
  return { ok: true, data };
}

export function failure(code: ErrorCode, message: string, detail?: string): Failure {
  return detail === undefined ? { ok: false, code, message } : { ok: false, code, message, detail };
}
