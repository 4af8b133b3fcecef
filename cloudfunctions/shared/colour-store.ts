import type { Transaction } from './cloudbase';
import { historyEntry, isVisibleChange, type ColourCause } from './domain/colour-change';
import { colourChangedNotice } from './domain/notification';
import type { PassDocument, StoredColour } from './domain/pass';
import { COLLECTIONS } from './schema';

/**
 * Stores a pass's new colour inside the caller's transaction. A visible change (colour or reasons) also
 * appends a history entry and queues a notice to the holder, in the same transaction, so neither is lost
 * nor written twice. Returns whether the change was visible.
 */
export async function storeColour(
  transaction: Transaction,
  pass: PassDocument,
  next: StoredColour,
  cause: ColourCause,
  now: Date,
  extra: Partial<Pick<PassDocument, 'photo' | 'photoLink'>> = {},
): Promise<boolean> {
  const visible = isVisibleChange(pass.colour, next);
  await transaction.collection(COLLECTIONS.passes).doc(pass._id).update({ colour: next, updatedAt: now, ...extra });
  if (visible) {
    await transaction.collection(COLLECTIONS.colourHistory).add(historyEntry(pass._id, pass.colour, next, cause, now));
    if (pass.openid && pass.status === 'active') {
      const reason = next.reasons.map((item) => item.zh).join('；');
      await transaction.collection(COLLECTIONS.notifications).add(colourChangedNotice(pass.openid, pass.colour.colour, next.colour, reason, now));
    }
  }
  return visible;
}
