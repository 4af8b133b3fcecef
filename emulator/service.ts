import type { IncomingMessage, ServerResponse } from 'node:http';

/** The JSON body of `POST /admin` exactly as @cloudbase/node-sdk sends it (see notes/cloudbase-wire-capture.json). */
export interface AdminRequest {
  action: string;
  [field: string]: unknown;
}

/**
 * The JSON body answered to the SDK. Success shapes differ per action (`{ data: { list } }`,
 * `{ transactionId }`, ...); failures are `{ code, message }`, which the SDK throws as a TcbError.
 */
export type AdminResponse = Record<string, unknown>;

/** One family of `/admin` actions (`database.*`, `storage.*`). */
export interface AdminService {
  handleAdmin(request: AdminRequest): Promise<AdminResponse>;
}

/** A service that also answers plain HTTP requests of its own (upload and download URLs). */
export interface HttpRoutes {
  /** Answers the request and resolves true when the path is one of this service's; false leaves it to others. */
  handleHttp(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}

/** A failure answered to the SDK as `{ code, message }`. */
export class AdminError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}
