import type { Failure } from '../../typings/contract';
import type { CachedKeySet } from '../utils/offline-verifier';
import { callFunction } from './cloud';

/**
 * The key set for offline checks, cached in wx storage with what the phone knows of the server's clock: the
 * offset is set when the key set arrives and kept current by every online verdict (VerifyResult.serverTime), so
 * an offline check runs on the server's time as last seen, not on whatever the phone's clock says.
 */
const KEY_SET_KEY = 'tx.guard.keySet';

export function cachedKeySet(): CachedKeySet | null {
  const stored: unknown = wx.getStorageSync(KEY_SET_KEY);
  if (typeof stored !== 'object' || stored === null) return null;
  const { keySet, clockOffsetMs } = stored as Partial<CachedKeySet>;
  return keySet && Array.isArray(keySet.keys) && typeof clockOffsetMs === 'number' ? { keySet, clockOffsetMs } : null;
}

/** Whether to fetch the key set again: none yet, or less than half of its validity left (so a day offline still finds one valid). */
export function keySetDue(cache: CachedKeySet | null, phoneNowMs: number): boolean {
  if (cache === null) return true;
  const { issuedAt, expiresAt } = cache.keySet;
  return phoneNowMs + cache.clockOffsetMs >= ((issuedAt + expiresAt) / 2) * 1000;
}

/** Fetches and caches the key set; the server set issuedAt to its own time (in seconds). */
export async function refreshKeySet(): Promise<{ ok: true; cache: CachedKeySet } | { ok: false; failure: Failure }> {
  const result = await callFunction('guard', 'keySet', {});
  if (!result.ok) return { ok: false, failure: result };
  const cache: CachedKeySet = { keySet: result.data, clockOffsetMs: result.data.issuedAt * 1000 - Date.now() };
  wx.setStorageSync(KEY_SET_KEY, cache);
  return { ok: true, cache };
}

/** Keeps the server's time an answer carried (epoch ms), for the next offline check. */
export function learnServerTime(serverTimeMs: number): void {
  const cache = cachedKeySet();
  if (cache) wx.setStorageSync(KEY_SET_KEY, { ...cache, clockOffsetMs: serverTimeMs - Date.now() });
}
