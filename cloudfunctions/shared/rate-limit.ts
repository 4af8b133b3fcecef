import type { Database } from './cloudbase';
import { AppError } from './errors';
import { rateWindow, type RateLimit } from './domain/rate-limit';
import { COLLECTIONS } from './schema';

/** Throws RATE_LIMITED (with the retry time in `detail`) when the account used up this window's attempts. */
export async function assertWithinLimit(db: Database, limit: RateLimit, openid: string, now: Date): Promise<void> {
  const window = rateWindow(limit, openid, now);
  const { data } = await db.collection(COLLECTIONS.rateLimits).doc(window.id).get();
  const used = (data as Array<{ count: number }>)[0]?.count ?? 0;
  if (used >= limit.max) {
    const retry = window.endsAt.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
    throw new AppError('RATE_LIMITED', `尝试次数过多，请于 ${retry} 之后再试，或到社区办理`, String(window.endsAt.getTime()));
  }
}

/** Counts one attempt: an insert for the window's first, an atomic increment after that. */
export async function recordAttempt(db: Database, limit: RateLimit, openid: string, now: Date): Promise<void> {
  const window = rateWindow(limit, openid, now);
  const counters = db.collection(COLLECTIONS.rateLimits);
  const { updated } = await counters.doc(window.id).update({ count: db.command.inc(1) });
  if (updated === 1) return;
  try {
    await counters.add({ _id: window.id, count: 1, expiresAt: window.endsAt });
  } catch {
    // Another attempt created the window's counter in between: count on it.
    await counters.doc(window.id).update({ count: db.command.inc(1) });
  }
}
