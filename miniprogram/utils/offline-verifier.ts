// First: @noble/curves needs a TextEncoder while it loads.
import './text-encoder';
import { p256 } from '@noble/curves/nist';
import type { Colour, KeySetView, VerdictKind } from '../../typings/contract';
import { decodeBase64url, extractToken, judgeToken, parseToken, type Refusal, type TokenClaims } from './shared-token';

/**
 * The guard's check without network: the same steps as the server (judgeToken, docs/token-format.md), with a
 * pure-JS P-256 in place of node:crypto, against a key set cached from guard.keySet. It knows only what the
 * token says (genuine, not expired, the colour at issue), never the live colour, the photo or whether a card was
 * reprinted: the page says so.
 */

/** The clock allowance of the online check (docs/token-format.md, Clock skew), on the server-corrected clock. */
export const OFFLINE_SKEW_SECONDS = 30;

/** A key set as the phone keeps it, with what it knew of the server's clock. */
export interface CachedKeySet {
  keySet: KeySetView;
  /** Server clock minus phone clock (ms) at the last answer from the server: the phone's clock alone is not trusted. */
  clockOffsetMs: number;
}

/** Why there is no offline verdict: the guard must get online (or the key set was never fetched). */
export type NoOfflineVerdict = 'NO_KEY_SET' | 'KEY_SET_EXPIRED' | 'UNKNOWN_KEY';

export type OfflineCheck =
  | {
      ok: true;
      verdict: VerdictKind;
      /** The server-corrected time of the check (epoch ms). */
      checkedAt: number;
      /** What the token says, when it is genuine (a verdict from its colour, or EXPIRED). */
      claims: TokenClaims | null;
    }
  | { ok: false; reason: NoOfflineVerdict };

const COLOUR_VERDICTS: Record<Colour, VerdictKind> = { green: 'PASS', yellow: 'CAUTION', red: 'STOP' };

/**
 * Refusals of genuine tokens at this time, answered EXPIRED as the server answers them (a fresh code is the
 * remedy). judgeToken checks time only after the signature, so these are never said of a forged token.
 */
const TIME_REFUSALS: ReadonlySet<Refusal> = new Set<Refusal>(['EXPIRED', 'NOT_YET_VALID']);

interface OfflineKey {
  /** SEC1 uncompressed point: 0x04 || x || y. */
  point: Uint8Array;
  retiredAt?: number;
}

/** The server's time as the phone best knows it (epoch ms). */
function serverNow(cache: Pick<CachedKeySet, 'clockOffsetMs'>, phoneNowMs: number): number {
  return phoneNowMs + cache.clockOffsetMs;
}

/** Whether the cached key set may still be used (its expiresAt is in seconds, as in the open key set format). */
export function keySetUsable(cache: CachedKeySet | null, phoneNowMs: number): cache is CachedKeySet {
  return cache !== null && serverNow(cache, phoneNowMs) < cache.keySet.expiresAt * 1000;
}

/** Judges a scanned text offline at the phone's time corrected by the cached offset. */
export function verifyOffline(scanned: string, cache: CachedKeySet | null, phoneNowMs: number): OfflineCheck {
  if (cache === null) return { ok: false, reason: 'NO_KEY_SET' };
  if (!keySetUsable(cache, phoneNowMs)) return { ok: false, reason: 'KEY_SET_EXPIRED' };
  const checkedAt = serverNow(cache, phoneNowMs);
  const extracted = extractToken(scanned, cache.keySet.urlPrefix);
  if (!extracted.ok) return { ok: true, verdict: 'NOT_OURS', checkedAt, claims: null };

  const verdict = judgeToken(extracted.token, offlineKeys(cache.keySet), Math.floor(checkedAt / 1000), OFFLINE_SKEW_SECONDS, signatureValid);
  if (verdict.ok) return { ok: true, verdict: COLOUR_VERDICTS[verdict.claims.colour], checkedAt, claims: verdict.claims };
  // Not INVALID: a key newer than the cached set signs genuine codes too.
  if (verdict.reason === 'UNKNOWN_KEY') return { ok: false, reason: 'UNKNOWN_KEY' };
  if (TIME_REFUSALS.has(verdict.reason)) return { ok: true, verdict: 'EXPIRED', checkedAt, claims: claimsOf(extracted.token) };
  // Malformed, unknown version, bad signature, retired key (it may have leaked): nothing we vouch for.
  return { ok: true, verdict: 'INVALID', checkedAt, claims: null };
}

/** The claims of a token judgeToken has just found genuine, so it parses. */
function claimsOf(token: string): TokenClaims | null {
  const bytes = decodeBase64url(token);
  const parsed = bytes && parseToken(bytes);
  return parsed && typeof parsed !== 'string' ? parsed.claims : null;
}

/** The key set's P-256 keys by key id; a key that is not a valid P-256 point is left out (it verifies nothing). */
function offlineKeys(keySet: KeySetView): Map<string, OfflineKey> {
  const keys = new Map<string, OfflineKey>();
  for (const jwk of keySet.keys) {
    const x = decodeBase64url(jwk.x);
    const y = decodeBase64url(jwk.y);
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || x?.length !== 32 || y?.length !== 32) continue;
    const point = new Uint8Array(65);
    point[0] = 0x04;
    point.set(x, 1);
    point.set(y, 33);
    try {
      p256.Point.fromBytes(point).assertValidity();
    } catch {
      continue;
    }
    keys.set(jwk.kid, jwk.retiredAt === undefined ? { point } : { point, retiredAt: jwk.retiredAt });
  }
  return keys;
}

/** ES256 over the signed bytes: SHA-256 inside (prehash), r || s, and high-S accepted as node:crypto signs it. */
function signatureValid(key: OfflineKey, signed: Uint8Array, signature: Uint8Array): boolean {
  try {
    return p256.verify(signature, signed, key.point, { prehash: true, lowS: false, format: 'compact' });
  } catch {
    // r or s out of range: not a signature of ours.
    return false;
  }
}
