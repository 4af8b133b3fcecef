import type { Database, Transaction } from './cloudbase';
import type { AuditActor, AuditEntry } from './domain/audit';
import { COLLECTIONS } from './schema';

/**
 * Appends one entry. The only write to the audit collection anywhere: no code updates or removes it.
 * Pass the transaction of the act itself, so that the act and its entry are stored together or not at all.
 */
export async function appendAudit(writer: Database | Transaction, entry: AuditEntry<AuditActor>): Promise<void> {
  await writer.collection(COLLECTIONS.audit).add(entry);
}
