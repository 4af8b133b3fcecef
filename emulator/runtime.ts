import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Cron } from 'croner';
import type { FunctionSpec, ProjectFunctions } from '../scripts/lib/cloudbaserc';
import type { HttpRoutes } from './service';
import { LOCAL_ENV_ID } from './sdk-env';
import { isTextContentType, maxFunctionBodyBytes, PAYLOAD_LIMIT_DOC } from '../cloudfunctions/shared/domain/payload-limits';
import { readBody, readBodyWithin, sendJson } from './http-util';

type FunctionMain = (event: unknown, context: unknown) => Promise<unknown>;

/** The caller of one invocation, as WeChat would stamp it. */
export interface Invoker {
  openid?: string;
  appid?: string;
  unionid?: string;
  triggerSource?: 'timer';
}

export const LOCAL_APPID = 'wx-tongxing-local';

/**
 * The context CloudBase passes as `main`'s second argument. The newer runtime puts the caller in
 * `environment`, a JSON string; @cloudbase/node-sdk's getCloudbaseContext reads it from there.
 */
export function invocationContext(functionName: string, invoker: Invoker) {
  const environment: Record<string, string> = { TCB_ENV: LOCAL_ENV_ID, SCF_NAMESPACE: LOCAL_ENV_ID };
  if (invoker.openid) {
    Object.assign(environment, { WX_OPENID: invoker.openid, WX_APPID: invoker.appid ?? LOCAL_APPID, WX_UNIONID: invoker.unionid ?? '' });
  }
  if (invoker.triggerSource) environment.TRIGGER_SRC = invoker.triggerSource;
  return {
    request_id: randomUUID(),
    function_name: functionName,
    function_version: '$LATEST',
    namespace: LOCAL_ENV_ID,
    memory_limit_in_mb: 256,
    time_limit_in_ms: 0,
    environment: JSON.stringify(environment),
  };
}

/** The event of CloudBase's HTTP access service for one request. */
export function httpAccessEvent(req: IncomingMessage, url: URL, functionPath: string, body: Buffer) {
  const textual = isTextContentType(req.headers['content-type']);
  return {
    path: functionPath,
    httpMethod: req.method ?? 'GET',
    headers: Object.fromEntries(Object.entries(req.headers).map(([key, value]) => [key, Array.isArray(value) ? value.join(', ') : value ?? ''])),
    queryStringParameters: Object.fromEntries(url.searchParams),
    body: textual ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: !textual,
    requestContext: { requestId: randomUUID(), envId: LOCAL_ENV_ID },
  };
}

interface HttpAccessResponse {
  statusCode?: number;
  headers?: Record<string, string>;
  body?: unknown;
  isBase64Encoded?: boolean;
}

export class FunctionTimeoutError extends Error {}

export interface FunctionsRuntime extends HttpRoutes {
  invoke(name: string, event: unknown, invoker: Invoker): Promise<unknown>;
  /** Fires a timer trigger now, with the timer event and context CloudBase uses. */
  fireTimer(functionName: string, triggerName: string): Promise<unknown>;
  /** Starts the schedules of every timer trigger (Asia/Shanghai, like CloudBase). */
  startTimers(onResult: (functionName: string, triggerName: string, result: unknown) => void): void;
  close(): void;
}

/**
 * Runs the built functions in this process: `POST /functions/<name>` (caller in X-WX-OPENID),
 * `/http/<name>/...` (HTTP access), `POST /timers/<name>/<trigger>` (fire a timer by hand).
 */
export function createFunctionsRuntime(project: ProjectFunctions): FunctionsRuntime {
  const specs = new Map(project.functions.map((spec) => [spec.name, spec]));
  const loaded = new Map<string, FunctionMain>();
  const schedules: Cron[] = [];

  function load(spec: FunctionSpec): FunctionMain {
    let main = loaded.get(spec.name);
    if (!main) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- built bundles are loaded at run time, like the platform does
      main = (require(path.join(project.buildDir, spec.name, 'index.js')) as { main: FunctionMain }).main;
      loaded.set(spec.name, main);
    }
    return main;
  }

  async function invoke(name: string, event: unknown, invoker: Invoker): Promise<unknown> {
    const spec = specs.get(name);
    if (!spec) throw new Error(`no function named ${name} in cloudbaserc.json`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new FunctionTimeoutError(`${name} ran longer than its ${spec.timeout} s timeout`)), spec.timeout * 1000);
    });
    try {
      return await Promise.race([load(spec)(event, invocationContext(name, invoker)), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  function fireTimer(functionName: string, triggerName: string): Promise<unknown> {
    const trigger = specs.get(functionName)?.triggers.find((candidate) => candidate.name === triggerName);
    if (!trigger) return Promise.reject(new Error(`no timer trigger ${functionName}/${triggerName} in cloudbaserc.json`));
    const event = { Type: 'Timer', TriggerName: triggerName, Time: new Date().toISOString(), Message: '' };
    return invoke(functionName, event, { triggerSource: 'timer' });
  }

  async function answerInvocation(res: ServerResponse, run: () => Promise<unknown>): Promise<void> {
    try {
      sendJson(res, 200, await run());
    } catch (error) {
      const timedOut = error instanceof FunctionTimeoutError;
      sendJson(res, timedOut ? 504 : 500, { code: timedOut ? 'FUNCTION_TIMEOUT' : 'FUNCTION_ERROR', message: String(error) });
    }
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const [, kind, name, ...rest] = url.pathname.split('/');
    if (!['functions', 'http', 'timers'].includes(kind)) return false;
    if (!name || !specs.has(name)) {
      sendJson(res, 404, { code: 'FUNCTION_NOT_FOUND', message: `no function named ${name ?? ''}` });
      return true;
    }
    if (kind === 'functions' && req.method === 'POST') {
      const text = (await readBody(req)).toString('utf8');
      let event: unknown;
      try {
        event = text ? JSON.parse(text) : {};
      } catch {
        sendJson(res, 400, { code: 'INVALID_JSON', message: 'the event must be a JSON body' });
        return true;
      }
      const header = (key: string) => (typeof req.headers[key] === 'string' ? (req.headers[key] as string) : undefined);
      await answerInvocation(res, () =>
        invoke(name, event, { openid: header('x-wx-openid'), appid: header('x-wx-appid'), unionid: header('x-wx-unionid') }),
      );
      return true;
    }
    if (kind === 'timers' && req.method === 'POST' && rest.length === 1) {
      if (!specs.get(name)?.triggers.some((trigger) => trigger.name === rest[0])) {
        sendJson(res, 404, { code: 'TRIGGER_NOT_FOUND', message: `no timer trigger ${name}/${rest[0]} in cloudbaserc.json` });
      } else {
        await answerInvocation(res, () => fireTimer(name, rest[0]));
      }
      return true;
    }
    if (kind === 'http') {
      // Refused before the function runs, as the platform does (cloudfunctions/shared/domain/payload-limits.ts).
      const limit = maxFunctionBodyBytes(req.headers['content-type']);
      const read = await readBodyWithin(req, limit);
      if ('tooLarge' in read) {
        if (!res.destroyed) {
          sendJson(res, 413, {
            code: 'EXCEED_MAX_PAYLOAD_SIZE',
            message: `request body of ${read.tooLarge} bytes exceeds the limit of ${limit} bytes for ${isTextContentType(req.headers['content-type']) ? 'text' : 'other'} types (${PAYLOAD_LIMIT_DOC})`,
            requestId: randomUUID(),
          });
        }
        return true;
      }
      const event = httpAccessEvent(req, url, `/${[name, ...rest].join('/')}`, read.body);
      try {
        const answer = (await invoke(name, event, {})) as HttpAccessResponse;
        const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? '');
        res.writeHead(answer.statusCode ?? 200, answer.headers ?? {});
        res.end(answer.isBase64Encoded ? Buffer.from(body, 'base64') : body);
      } catch (error) {
        sendJson(res, error instanceof FunctionTimeoutError ? 504 : 502, { code: 'FUNCTION_ERROR', message: String(error) });
      }
      return true;
    }
    sendJson(res, 405, { code: 'METHOD_NOT_ALLOWED', message: `${req.method} is not allowed on ${url.pathname}` });
    return true;
  }

  return {
    invoke,
    fireTimer,
    handleHttp,
    startTimers(onResult) {
      for (const spec of project.functions) {
        for (const trigger of spec.triggers) {
          schedules.push(
            new Cron(trigger.config, { timezone: 'Asia/Shanghai', protect: true }, async () => {
              onResult(spec.name, trigger.name, await fireTimer(spec.name, trigger.name).catch((error: unknown) => String(error)));
            }),
          );
        }
      }
    },
    close() {
      for (const schedule of schedules) schedule.stop();
    },
  };
}
