/**
 * The order in which a token is judged, shared by every verifier: the server (node:crypto) and the guard's
 * phone offline (a pure-JS P-256), which differ only in the signature check they plug in.
 */
import { decodeBase64url } from './base64url';
import { MAX_TOKEN_CHARS, parseToken, type TokenClaims } from './format';

export type Refusal = 'MALFORMED' | 'UNSUPPORTED_VERSION' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE' | 'RETIRED_KEY' | 'NOT_YET_VALID' | 'EXPIRED';

export type Verdict = { ok: true; claims: TokenClaims; keyId: string } | { ok: false; reason: Refusal };

/** What a verifier knows of a key besides the key itself. */
export interface KeyStatus {
  /** Seconds since the epoch from which the key verifies nothing. */
  retiredAt?: number;
}

/** Whether `signature` is the key's ES256 signature (r || s) over `signed`. */
export type SignatureCheck<Key> = (key: Key, signed: Uint8Array, signature: Uint8Array) => boolean;

/**
 * Judges a token, cheapest checks first and time last:
 * 1. size and base64url (MALFORMED), version (UNSUPPORTED_VERSION), layout (MALFORMED): no key needed;
 * 2. key id (UNKNOWN_KEY), then the signature (BAD_SIGNATURE);
 * 3. only for a token we really signed: retirement (RETIRED_KEY), then time (NOT_YET_VALID, EXPIRED).
 * So a forged or altered token is never called expired or retired, and a verdict beyond BAD_SIGNATURE is
 * a statement about a genuine token. Nothing here is secret (public key, public token), so the time each
 * step takes tells no more than the verdict itself.
 */
export function judgeToken<Key extends KeyStatus>(
  token: string,
  keys: ReadonlyMap<string, Key>,
  nowSeconds: number,
  skewSeconds: number,
  signatureValid: SignatureCheck<Key>,
): Verdict {
  if (!Number.isFinite(nowSeconds) || !Number.isFinite(skewSeconds) || skewSeconds < 0) {
    throw new RangeError('nowSeconds must be finite and skewSeconds finite and not negative');
  }
  if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS) return refuse('MALFORMED');
  const bytes = decodeBase64url(token);
  if (bytes === null) return refuse('MALFORMED');
  const parsed = parseToken(bytes);
  if (typeof parsed === 'string') return refuse(parsed);

  const key = keys.get(parsed.keyId);
  if (key === undefined) return refuse('UNKNOWN_KEY');
  if (!signatureValid(key, parsed.signed, parsed.signature)) return refuse('BAD_SIGNATURE');

  // A retired key verifies nothing, whatever issue time its tokens claim: a leaked key could sign any.
  if (key.retiredAt !== undefined && nowSeconds >= key.retiredAt) return refuse('RETIRED_KEY');
  const { claims } = parsed;
  if (nowSeconds < claims.issuedAt - skewSeconds) return refuse('NOT_YET_VALID');
  if (nowSeconds >= claims.expiresAt + skewSeconds) return refuse('EXPIRED');
  return { ok: true, claims, keyId: parsed.keyId };
}

function refuse(reason: Refusal): Verdict {
  return { ok: false, reason };
}
