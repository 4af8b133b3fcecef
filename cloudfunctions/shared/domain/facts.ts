import type { Arrival, HealthRecord, PersonFacts } from './colour';
import type { RecordFacts } from './feed-records';
import { retentionCutoff } from './retention';

/**
 * The `facts` document of one person (id = person key): every partner record that decides a colour,
 * by record id, so that a new version replaces exactly its predecessor inside one transaction.
 */
export interface FactsDocument {
  _id: string;
  health: Record<string, HealthRecord>;
  arrivals: Record<string, Arrival>;
  /** From the identity source: the name partners know and the photo (storage fileID) to show. */
  identity: { name: string; photo: string | null } | null;
  updatedAt: Date;
}


export function emptyFacts(personKey: string, now: Date): FactsDocument {
  return { _id: personKey, health: {}, arrivals: {}, identity: null, updatedAt: now };
}

/** Folds one accepted record into the person's facts. */
export function withRecord(facts: FactsDocument, recordId: string, record: RecordFacts, now: Date): FactsDocument {
  // Arrivals past their retention are dropped whenever facts are written: no rule looks that far back.
  const cutoff = retentionCutoff('travelRecords', now).getTime();
  const next: FactsDocument = { ...facts, health: { ...facts.health }, arrivals: { ...facts.arrivals }, updatedAt: now };
  if (record.source === 'health') next.health[recordId] = { status: record.status, effectiveAt: record.effectiveAt };
  if (record.source === 'travel') next.arrivals[recordId] = { arrivedAt: record.arrivedAt, fromRegion: record.fromRegion };
  if (record.source === 'identity') next.identity = { name: record.name, photo: record.photo ?? facts.identity?.photo ?? null };
  for (const [id, arrival] of Object.entries(next.arrivals)) {
    if (Date.parse(arrival.arrivedAt) < cutoff) delete next.arrivals[id];
  }
  return next;
}

/** The facts without one record: staff annulled it on an accepted appeal. */
export function withoutRecord(facts: FactsDocument, source: 'health' | 'travel', recordId: string, now: Date): FactsDocument {
  const next: FactsDocument = { ...facts, health: { ...facts.health }, arrivals: { ...facts.arrivals }, updatedAt: now };
  delete (source === 'health' ? next.health : next.arrivals)[recordId];
  return next;
}

/** What the colour rules read: the latest health record (by when it took effect) and the recent arrivals. */
export function personFacts(facts: FactsDocument | undefined): PersonFacts {
  if (!facts) return { health: null, arrivals: [] };
  let health: HealthRecord | null = null;
  for (const record of Object.values(facts.health)) {
    if (!health || record.effectiveAt > health.effectiveAt) health = record;
  }
  return { health, arrivals: Object.values(facts.arrivals) };
}
