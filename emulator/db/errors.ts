import { AdminError } from '../service';

/** The CloudBase error codes this engine answers; the SDK throws them as TcbError.code. */
export const DbErrorCode = {
  invalidParam: 'INVALID_PARAM',
  invalidAction: 'INVALID_ACTION',
  collectionNotExist: 'DATABASE_COLLECTION_NOT_EXIST',
  collectionAlreadyExist: 'DATABASE_COLLECTION_ALREADY_EXIST',
  duplicateWrite: 'DATABASE_DUPLICATE_WRITE',
  requestFailed: 'DATABASE_REQUEST_FAILED',
  /** The SDK's runTransaction retries on exactly this code. */
  transactionConflict: 'DATABASE_TRANSACTION_CONFLICT',
  transactionFail: 'DATABASE_TRANSACTION_FAIL',
  timeout: 'DATABASE_TIMEOUT',
} as const;

export function invalidParam(message: string): AdminError {
  return new AdminError(DbErrorCode.invalidParam, message);
}

export function requestFailed(message: string): AdminError {
  return new AdminError(DbErrorCode.requestFailed, message);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
