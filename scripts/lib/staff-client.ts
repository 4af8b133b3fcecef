import type { ActionName, ParamsOf, Result, ResultOf } from '../../typings/contract';

/**
 * How a command calls the staff function as a given staff account: the local functions runtime over HTTP
 * (`POST <url>/functions/staff`, the caller in X-WX-OPENID). A deployed function cannot be called this way (it
 * takes its caller from the WeChat context, which a call with a CAM key lacks), so against a deployed
 * environment the commands run the same shared code on its database instead (cloud-database.ts).
 */
export interface StaffClient {
  /** The action's data; throws StaffCallError when the call fails or the function answers a failure. */
  call<A extends ActionName<'staff'>>(action: A, params: ParamsOf<'staff', A>): Promise<ResultOf<'staff', A>>;
}

/** The staff function could not be reached or answered a failure; `code` is the contract's or the transport's. */
export class StaffCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StaffCallError';
  }
}

/** Where `npm start` serves the local runtime: the commands' default --url. */
export const LOCAL_RUNTIME_URL = 'http://127.0.0.1:8787';

export interface HttpStaffClientOptions {
  /** The local runtime, e.g. LOCAL_RUNTIME_URL. */
  url: string;
  /** The staff (or admin) account to act as. */
  openid: string;
  timeoutMs?: number;
}

/** Longer than the staff function's own timeout, so the runtime's answer (504) arrives before ours. */
const DEFAULT_TIMEOUT_MS = 30_000;

export function httpStaffClient({ url, openid, timeoutMs = DEFAULT_TIMEOUT_MS }: HttpStaffClientOptions): StaffClient {
  const endpoint = new URL('/functions/staff', url);
  return {
    async call(action, params) {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'X-WX-OPENID': openid },
          body: JSON.stringify({ action, ...(params as object) }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
        throw new StaffCallError('UNAVAILABLE', `无法连接 ${endpoint.origin}（${cause}）：请确认本地运行时已用 npm start 启动，或用 --url 指定地址`);
      }
      const body = (await response.json().catch(() => undefined)) as Result<ResultOf<'staff', typeof action>> | { code?: string; message?: string } | undefined;
      if (body && 'ok' in body) {
        if (body.ok) return body.data;
        throw new StaffCallError(body.code, body.message);
      }
      throw new StaffCallError(body?.code ?? `HTTP_${response.status}`, `运行时答复 HTTP ${response.status}：${body?.message ?? '无法识别的答复'}`);
    },
  };
}
