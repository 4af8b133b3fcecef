import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How partner systems (health commission, police, telecom) sign feed requests. Each partner has a key id
 * and a secret. Every request carries a timestamp, a nonce and an HMAC-SHA256 over
 *
 *   METHOD \n PATH \n TIMESTAMP \n NONCE \n hex(SHA-256(body))
 *
 * so that a captured request cannot be replayed (nonce), delayed (timestamp) or altered (signature).
 */

export const FEED_HEADERS = {
  keyId: 'x-tx-key-id',
  timestamp: 'x-tx-timestamp',
  nonce: 'x-tx-nonce',
  signature: 'x-tx-signature',
} as const;

/** Requests more than this far from our clock, either way, are refused. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/** The kinds of record partners push, each with its schema (feed-records.ts). */
export const FEED_SOURCES = ['health', 'identity', 'travel'] as const;
export type FeedSource = (typeof FEED_SOURCES)[number];

export interface FeedPartner {
  keyId: string;
  /** Which sources this partner may push. */
  sources: readonly FeedSource[];
  secret: Buffer;
}

export interface SignedRequest {
  method: string;
  path: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
}

export type FeedAuthRefusal = 'MISSING_HEADERS' | 'UNKNOWN_KEY' | 'STALE_TIMESTAMP' | 'BAD_SIGNATURE';

export type FeedAuthResult = { ok: true; partner: FeedPartner; nonce: string; timestamp: number } | { ok: false; refusal: FeedAuthRefusal; message: string };

export function canonicalRequest(method: string, path: string, timestamp: string, nonce: string, body: string): string {
  const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
  return `${method.toUpperCase()}\n${path}\n${timestamp}\n${nonce}\n${bodyHash}`;
}

export function signRequest(secret: Buffer, method: string, path: string, timestamp: string, nonce: string, body: string): string {
  return createHmac('sha256', secret).update(canonicalRequest(method, path, timestamp, nonce, body)).digest('base64url');
}

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
const TIMESTAMP = /^\d{1,12}$/;

/**
 * Checks a request's signature, timestamp and form, cheapest first, without any I/O: the nonce's
 * freshness needs the database and is the caller's next step (only for requests that pass here, so that
 * unsigned garbage cannot fill the nonce store).
 */
export function authenticateFeedRequest(request: SignedRequest, partners: ReadonlyMap<string, FeedPartner>, nowSeconds: number): FeedAuthResult {
  const keyId = request.headers[FEED_HEADERS.keyId];
  const timestamp = request.headers[FEED_HEADERS.timestamp];
  const nonce = request.headers[FEED_HEADERS.nonce];
  const signature = request.headers[FEED_HEADERS.signature];
  if (!keyId || !timestamp || !nonce || !signature || !TIMESTAMP.test(timestamp) || !NONCE.test(nonce)) {
    return {
      ok: false,
      refusal: 'MISSING_HEADERS',
      message: `every request needs the headers ${Object.values(FEED_HEADERS).join(', ')} (timestamp in epoch seconds, nonce of 16-64 characters [A-Za-z0-9_-])`,
    };
  }
  const partner = partners.get(keyId);
  if (!partner) return { ok: false, refusal: 'UNKNOWN_KEY', message: `unknown key id ${keyId}` };
  const skew = Number(timestamp) - nowSeconds;
  if (Math.abs(skew) > MAX_CLOCK_SKEW_SECONDS) {
    return {
      ok: false,
      refusal: 'STALE_TIMESTAMP',
      message: `timestamp is ${skew} s from the server clock (${nowSeconds}); at most ${MAX_CLOCK_SKEW_SECONDS} s is accepted: check the sender's clock (GET /feed/status gives ours)`,
    };
  }
  const expected = Buffer.from(signRequest(partner.secret, request.method, request.path, timestamp, nonce, request.body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, refusal: 'BAD_SIGNATURE', message: 'signature does not match: sign METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nhex(sha256(body)) with HMAC-SHA256, base64url' };
  }
  return { ok: true, partner, nonce, timestamp: Number(timestamp) };
}
