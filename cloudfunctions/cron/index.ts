import { sweepDueColours } from '../shared/colour-refresh';
import { cloudPlatform, type Platform } from '../shared/handler';
import { deliverPendingNotices, notifierFor, type Notifier } from '../shared/notifier';
import { sweepExpiredPersonalData, trimExpiredArrivals } from '../shared/retention-sweep';
import { COLLECTIONS } from '../shared/schema';
import { timerFunction } from '../shared/timer';

/**
 * Collections whose documents carry an `expiresAt` after which nothing reads them. Personal data kept for a stated
 * time is not here: sweepExpiredPersonalData deletes it by domain/retention.ts.
 */
const EXPIRING = [COLLECTIONS.feedNonces, COLLECTIONS.rateLimits, COLLECTIONS.oneTimeCodes] as const;

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
        const personalDataDeleted = await sweepExpiredPersonalData(db, now);
        const factsTrimmed = await trimExpiredArrivals(db, now);
        // Operators see the timer is alive, and what it deleted of each kind of personal data (and from how many
        // people's facts it dropped arrivals past their retention), in meta/timer:sweep.
        await db.collection(COLLECTIONS.meta).doc('timer:sweep').set({ lastRunAt: now, refreshed, notified, expired, personalDataDeleted, factsTrimmed });
        return { ranAt: now.getTime(), refreshed, notified, expired, personalDataDeleted, factsTrimmed };
      },
    },
    platform,
  );

export const main = createCron(cloudPlatform);
