/**
 * The request/response contract of every cloud function, imported (as types only) by the functions and by
 * the mini-program. Every function takes `{ action, ...params }` and answers a Result.
 */

export type Role = 'resident' | 'guard' | 'staff' | 'admin';

/** Codes a function may answer; each failure also carries a message fit to show a person (zh-CN). */
export type ErrorCode =
  /** The event does not match the action's parameters; the message names the field. */
  | 'INVALID_REQUEST'
  /** The function has no such action. */
  | 'UNKNOWN_ACTION'
  /** The call carries no WeChat identity (openid). */
  | 'UNAUTHENTICATED'
  /** The caller's roles do not allow this action. */
  | 'FORBIDDEN'
  /** Something failed on our side; nothing was changed that the caller must undo. */
  | 'INTERNAL'
  /** The platform could not be reached (network, timeout); the caller may retry. */
  | 'UNAVAILABLE';

export interface Failure {
  ok: false;
  code: ErrorCode;
  message: string;
}

export interface Success<T> {
  ok: true;
  data: T;
}

export type Result<T> = Success<T> | Failure;

type NoParams = Record<string, never>;

export interface SessionInfo {
  /** Everyone is a resident; guard, staff and admin are granted on top. */
  roles: Role[];
  /** Server clock, epoch milliseconds: pages show it so a stale screenshot is easy to spot. */
  serverTime: number;
}

export interface GuardPost {
  checkpointId: string;
  checkpointName: string;
}

/** Actions callable from the mini-program, per function. */
export interface FunctionContracts {
  resident: {
    session: { params: NoParams; result: SessionInfo };
  };
  guard: {
    post: { params: NoParams; result: GuardPost };
  };
  staff: {
    roles: { params: { role?: 'guard' | 'staff' }; result: { grants: RoleGrant[] } };
  };
}

export interface RoleGrant {
  /** Masked openid: staff recognise accounts without seeing the full identifier. */
  account: string;
  role: 'guard' | 'staff';
  checkpointId?: string;
  district?: string;
  grantedAt: number;
}

export type FunctionName = keyof FunctionContracts;
export type ActionName<F extends FunctionName> = keyof FunctionContracts[F] & string;
export type ParamsOf<F extends FunctionName, A extends ActionName<F>> = FunctionContracts[F][A] extends { params: infer P }
  ? P
  : never;
export type ResultOf<F extends FunctionName, A extends ActionName<F>> = FunctionContracts[F][A] extends { result: infer R }
  ? R
  : never;
export type EventOf<F extends FunctionName, A extends ActionName<F>> = { action: A } & ParamsOf<F, A>;
