import type { Database } from './cloudbase';
import type { FunctionConfig } from './config';
import type { NotificationDocument } from './domain/notification';
import { subscriptionMessage, type SubscriptionTemplates } from './domain/subscription';
import { COLLECTIONS } from './schema';
import type { MessageSender } from './wechat';

/**
 * Where notices to residents go. In production: WeChat subscription messages through a MessageSender.
 * Locally and in tests nothing can reach WeChat, so the local notifier only records that the notice was
 * delivered; the preview shows them.
 */
export interface Notifier {
  /** Delivers the notice; answers the channel stored on it (where it went, or why it could not go). */
  deliver(notice: NotificationDocument): Promise<string>;
}

export const recordingNotifier: Notifier = {
  async deliver() {
    // Recorded by marking it delivered: the outbox document is the notice.
    return 'local';
  },
};

/**
 * Notices as WeChat subscription messages. A resident without a subscription for the template cannot be
 * reached until they subscribe again: the notice is settled as `wechat:unsubscribed` (the page still shows
 * it), so it does not hold up the outbox.
 */
export function subscriptionNotifier(sender: MessageSender, templates: SubscriptionTemplates): Notifier {
  return {
    async deliver(notice) {
      const outcome = await sender.send(subscriptionMessage(notice, templates));
      return outcome === 'sent' ? 'wechat' : 'wechat:unsubscribed';
    },
  };
}

/** The notifier the deployment configures: subscription messages with WECHAT_OPENAPI=1, else the recording one. */
export function notifierFor(config: FunctionConfig): Notifier {
  const messages = config.subscriptionMessages();
  return messages ? subscriptionNotifier(messages.sender, messages.templates) : recordingNotifier;
}

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
    const channel = await notifier.deliver(notice);
    await notices.doc(notice._id).update({ deliveredAt: now, channel });
    delivered++;
  }
  return delivered;
}
