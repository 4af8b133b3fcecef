import { cloudPlatform, type Platform } from '../shared/handler';
import { COLLECTIONS } from '../shared/schema';
import { timerFunction } from '../shared/timer';

/** Timer jobs, by trigger name (cloudbaserc.json). Later work adds the colour sweep and retention clean-up. */
export const createCron = (platform: Platform) =>
  timerFunction('cron', {
    // Records each run so operators can see the timer is alive (meta/timer:<trigger>).
    async sweep(runtime, now) {
      await runtime.db().collection(COLLECTIONS.meta).doc('timer:sweep').set({ lastRunAt: now });
      return { ranAt: now.getTime() };
    },
  }, platform);

export const main = createCron(cloudPlatform);
