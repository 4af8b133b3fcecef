import { sweepDueColours } from '../shared/colour-refresh';
import { cloudPlatform, type Platform } from '../shared/handler';
import { deliverPendingNotices, notifierFor, type Notifier } from '../shared/notifier';
import { COLLECTIONS } from '../shared/schema';
import { timerFunction } from '../shared/timer';
import { sweepCheckIns } from '../shared/venues';

/** Collections whose documents carry an `expiresAt` after which nothing reads them. */
const EXPIRING = [COLLECTIONS.feedNonces, COLLECTIONS.rateLimits, COLLECTIONS.oneTimeCodes, COLLECTIONS.faceVerifications] as const;

/** Timer jobs, by trigger name (cloudbaserc.json). Each is safe to run twice at once. `notifier` replaces the configured one in tests. */
export const createCron = (platform: Platform, notifier?: Notifier) =>
  timerFunction(
    'cron',
    {
      async sweep(runtime, now) {
        const db = runtime.db();
        const refreshed = await sweepDueColours(db, now);
        const notified = await deliverPendingNotices(db, notifier ?? notifierFor(runtime.config()), now);
        let expired = 0;
        for (const collection of EXPIRING) {
          expired += (await db.collection(collection).where({ expiresAt: db.command.lte(now) }).remove()).deleted ?? 0;
        }
        expired += await sweepCheckIns(db, now);
        // Operators see the timer is alive in meta/timer:sweep.
        await db.collection(COLLECTIONS.meta).doc('timer:sweep').set({ lastRunAt: now, refreshed, notified, expired });
        return { ranAt: now.getTime(), refreshed, notified, expired };
      },
    },
    platform,
  );

export const main = createCron(cloudPlatform);
