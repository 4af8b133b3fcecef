import type { Database } from './cloudbase';
import type { NotificationDocument } from './domain/notification';
import { COLLECTIONS } from './schema';

/**
 * Where notices to residents go. In production: WeChat subscription messages (the deployment work adds
 * that implementation through wx-server-sdk's cloud.openapi). Locally and in tests nothing can reach
 * WeChat, so the local notifier only records that the notice was delivered; the preview shows them.
 */
export interface Notifier {
  /** The channel name stored on delivered notices. */
  readonly channel: string;
  deliver(notice: NotificationDocument): Promise<void>;
}

export const recordingNotifier: Notifier = {
  channel: 'local',
  async deliver() {
    // Recorded by marking it delivered: the outbox document is the notice.
  },
};

/** A claim older than this is taken to be from a sweep that crashed before delivering. */
const CLAIM_TIMEOUT_MS = 5 * 60_000;

/**
 * Delivers queued notices, oldest first. Each is first claimed with a conditional update (only one of two
 * concurrent sweeps gets it), then delivered, then marked delivered. A sweep that crashes between claim
 * and delivery leaves a stale claim, which a later sweep takes over.
 */
export async function deliverPendingNotices(db: Database, notifier: Notifier, now: Date, batchSize = 100): Promise<number> {
  const _ = db.command;
  const notices = db.collection(COLLECTIONS.notifications);
  const claimable = { deliveredAt: null, claimedAt: _.or(_.eq(null), _.lt(new Date(now.getTime() - CLAIM_TIMEOUT_MS))) };
  const { data } = await notices.where(claimable).orderBy('createdAt', 'asc').limit(batchSize).get();
  let delivered = 0;
  for (const notice of data as Array<NotificationDocument & { _id: string }>) {
    const { updated } = await notices.where({ _id: notice._id, ...claimable }).update({ claimedAt: now });
    if (updated !== 1) continue;
    await notifier.deliver(notice);
    await notices.doc(notice._id).update({ deliveredAt: now, channel: notifier.channel });
    delivered++;
  }
  return delivered;
}
