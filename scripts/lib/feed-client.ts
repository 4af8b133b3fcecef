import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { FEED_HEADERS, signRequest, type FeedSource } from '../../cloudfunctions/shared/domain/feed-auth';
import { parseFeedPartners } from '../../cloudfunctions/shared/domain/feed-partners';
import type { RecordOutcome } from '../../cloudfunctions/shared/domain/feed-records';
import { withIdNumbersMasked } from './cli';
import { parseEnvFile } from './env-file';

/**
 * How a partner system pushes a batch to the `feed` function over CloudBase's HTTP access service:
 * signed with its key id and secret, a fresh nonce and the current time for every request.
 */
export interface FeedClient {
  /** Each record's result, in the order sent; throws FeedCallError when the batch is refused or cannot be delivered. */
  push(source: FeedSource, records: readonly unknown[]): Promise<RecordOutcome[]>;
}

/** The batch was refused (`code` from the function) or could not be delivered (UNAVAILABLE, HTTP_<status>). */
export class FeedCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'FeedCallError';
  }
}

export interface HttpFeedClientOptions {
  /** Where the HTTP access service answers: the local runtime's http://127.0.0.1:8787/http, or https://<env>.service.tcloudbase.com. */
  url: string;
  /** The records route as the function sees it (what is signed), e.g. /feed/records. */
  path: string;
  keyId: string;
  secret: Buffer;
  timeoutMs?: number;
}

/** Longer than the feed function's own timeout (30 s), so the runtime's answer (504) arrives before ours. */
const DEFAULT_TIMEOUT_MS = 35_000;

const OUTCOME = { index: z.int(), recordId: z.string().nullable() };
const ANSWER = z.union([
  z.object({
    ok: z.literal(true),
    data: z.object({
      results: z.array(
        z.union([
          z.object({ ...OUTCOME, outcome: z.enum(['accepted', 'duplicate']) }),
          z.object({ ...OUTCOME, outcome: z.literal('rejected'), reason: z.string() }),
        ]),
      ),
    }),
  }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);

/** The JSON body of one request, as sent (and as batches are measured: scripts/lib/feed-push.ts). */
export function feedRequestBody(source: FeedSource, records: readonly unknown[]): string {
  return JSON.stringify({ source, records });
}

/** The URL the request goes to: the service's address followed by the route. */
export function endpointOf(url: string, path: string): string {
  return url.replace(/\/+$/, '') + path;
}

/** The headers of a batch POSTed to `path`, signed as the partner `keyId` at `timestamp` (epoch seconds) with `nonce`. */
export function signedFeedHeaders(keyId: string, secret: Buffer, path: string, timestamp: string, nonce: string, body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    [FEED_HEADERS.keyId]: keyId,
    [FEED_HEADERS.timestamp]: timestamp,
    [FEED_HEADERS.nonce]: nonce,
    [FEED_HEADERS.signature]: signRequest(secret, 'POST', path, timestamp, nonce, body),
  };
}

export function httpFeedClient({ url, path, keyId, secret, timeoutMs = DEFAULT_TIMEOUT_MS }: HttpFeedClientOptions): FeedClient {
  const endpoint = endpointOf(url, path);

  function send(body: string): Promise<Response> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(18).toString('base64url');
    return fetch(endpoint, {
      method: 'POST',
      headers: signedFeedHeaders(keyId, secret, path, timestamp, nonce, body),
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  }

  /** A lost connection or a server failure may have stored part of the batch; records are idempotent, so resending it is safe. */
  async function sendWithOneRetry(body: string): Promise<Response> {
    const first = await send(body).catch((error: unknown) => error);
    if (first instanceof Response && first.status < 500) return first;
    try {
      return await send(body);
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new FeedCallError('UNAVAILABLE', `无法连接 ${new URL(endpoint).origin}（${cause}），重试一次后仍失败：请确认服务已启动（本地用 npm start），或用 --url 指定地址`);
    }
  }

  return {
    async push(source, records) {
      const response = await sendWithOneRetry(feedRequestBody(source, records));
      const body: unknown = await response.json().catch(() => undefined);
      const answer = ANSWER.safeParse(body);
      if (!answer.success) {
        // Not the function's answer: the runtime's (a timeout) or a server that has no such route.
        const said = (body as { message?: unknown } | undefined)?.message;
        const hint = response.status === 404 ? `。请检查 --url 与 --path：本地运行时的 HTTP 访问地址是 http://127.0.0.1:8787/http` : '';
        throw new FeedCallError(`HTTP_${response.status}`, `${endpoint} 答复 HTTP ${response.status}：${typeof said === 'string' ? withIdNumbersMasked(said) : '无法识别的答复'}${hint}`);
      }
      if (!answer.data.ok) throw new FeedCallError(answer.data.code, withIdNumbersMasked(answer.data.message));
      const { results } = answer.data.data;
      if (results.length !== records.length || results.some((result, position) => result.index !== position)) {
        throw new FeedCallError('INTERNAL', `服务为 ${records.length} 条记录答复的结果对不上：${results.length} 个`);
      }
      return results;
    },
  };
}

/**
 * A partner's secret from a secrets file in the form `npm start` writes (.cloud/secrets.env): its
 * FEED_PARTNERS, a JSON array of { keyId, sources, secret }. Errors name the key, never a secret.
 */
export function secretFromSecretsFile(text: string, keyId: string): Buffer {
  const partners = parseEnvFile(text).FEED_PARTNERS;
  if (partners === undefined) throw new Error('没有 FEED_PARTNERS 这一行');
  const partner = parseFeedPartners(partners).get(keyId);
  if (!partner) throw new Error(`FEED_PARTNERS 中没有密钥编号 ${keyId}`);
  return partner.secret;
}
