import type { ErrorCode, Failure, Success } from '../../typings/contract';
import type { Checked, Refusal } from './domain/printed-pass';

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

/** A domain decision's refusal as the error the caller is answered with. */
export function refusalError(refusal: Refusal): AppError {
  return new AppError(refusal.code, refusal.message);
}

/** Throws a domain decision's refusal, if any. */
export function refuseIf(refusal: Refusal | null): void {
  if (refusal) throw refusalError(refusal);
}

/** The checked value, or its refusal thrown. */
export function accepted<T>(checked: Checked<T>): T {
  if (checked.ok) return checked.value;
  throw refusalError(checked.refusal);
}

export function success<T>(data: T): Success<T> {
  return { ok: true, data };
}

export function failure(code: ErrorCode, message: string, detail?: string): Failure {
  return detail === undefined ? { ok: false, code, message } : { ok: false, code, message, detail };
}
