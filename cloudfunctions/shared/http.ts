import { answerError, cloudPlatform, type Platform } from './handler';
import { AppError, success } from './errors';
import type { Result } from '../../typings/contract';

/** The event CloudBase's HTTP access service passes to a function. */
export interface HttpEvent {
  path: string;
  httpMethod: string;
  headers: Record<string, string>;
  queryStringParameters: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

/** What the HTTP access service turns into the HTTP response. */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

export type HttpRoute = (request: HttpEvent, platform: Platform, now: Date) => Promise<unknown>;

const STATUS_OF_CODE: Record<string, number> = {
  INVALID_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  UNKNOWN_ACTION: 404,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

function isHttpEvent(event: unknown): event is HttpEvent {
  const candidate = event as Partial<HttpEvent> | null;
  return typeof candidate?.path === 'string' && typeof candidate.httpMethod === 'string';
}

function json(statusCode: number, body: Result<unknown>): HttpResponse {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body), isBase64Encoded: false };
}

/**
 * Builds the `main` of a function served over HTTP access. Routes are keyed `METHOD /last/segment`
 * relative to the function's mount path, so the same code works under any mount the deployer chooses.
 */
export function httpFunction(name: string, mountPath: string, routes: Record<string, HttpRoute>, platform: Platform = cloudPlatform) {
  return async (event: unknown): Promise<HttpResponse> => {
    try {
      if (!isHttpEvent(event)) throw new AppError('INVALID_REQUEST', `${name} 只接受 HTTP 访问服务的请求`);
      const relative = event.path.startsWith(mountPath) ? event.path.slice(mountPath.length) || '/' : event.path;
      const key = `${event.httpMethod.toUpperCase()} ${relative}`;
      const route = Object.hasOwn(routes, key) ? routes[key] : undefined;
      if (!route) throw new AppError('UNKNOWN_ACTION', `没有这个接口：${key}`);
      return json(200, success(await route(event, platform, platform.clock())));
    } catch (error) {
      const answer = answerError(name, error);
      return json(answer.ok ? 200 : STATUS_OF_CODE[answer.code] ?? 500, answer);
    }
  };
}
