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
  /**
   * The earliest `arrivedAt` in `arrivals` (null: no arrivals), kept by the functions below, so that the retention
   * sweep finds the facts holding arrivals past their retention by an index (schema.ts `oldest_arrival`). Absent
   * (unknown) on facts written before it existed: no query matches those, they are trimmed when next written.
   */
  oldestArrivalAt?: Date | null;
  updatedAt: Date;
}

function oldestArrivalOf(arrivals: Record<string, Arrival>): Date | null {
  let oldest = Number.POSITIVE_INFINITY;
  for (const arrival of Object.values(arrivals)) oldest = Math.min(oldest, Date.parse(arrival.arrivedAt));
  return Number.isFinite(oldest) ? new Date(oldest) : null;
}

/**
 * Drops, from a copy the caller owns, the arrivals past their retention at `now` (domain/retention.ts), and sets
 * oldestArrivalAt from what remains. No rule looks that far back (facts.test.ts checks it on the shipped rule sets).
 */
function settleArrivals(next: FactsDocument, now: Date): FactsDocument {
  const cutoff = retentionCutoff('travelRecords', now).getTime();
  for (const [id, arrival] of Object.entries(next.arrivals)) {
    if (Date.parse(arrival.arrivedAt) < cutoff) delete next.arrivals[id];
  }
  next.oldestArrivalAt = oldestArrivalOf(next.arrivals);
  return next;
}

function copyOf(facts: FactsDocument, now: Date): FactsDocument {
  return { ...facts, health: { ...facts.health }, arrivals: { ...facts.arrivals }, updatedAt: now };
}

export function emptyFacts(personKey: string, now: Date): FactsDocument {
  return { _id: personKey, health: {}, arrivals: {}, identity: null, oldestArrivalAt: null, updatedAt: now };
}

/** Folds one accepted record into the person's facts. Arrivals past their retention are dropped whenever facts are written. */
export function withRecord(facts: FactsDocument, recordId: string, record: RecordFacts, now: Date): FactsDocument {
  const next = copyOf(facts, now);
  if (record.source === 'health') next.health[recordId] = { status: record.status, effectiveAt: record.effectiveAt };
  if (record.source === 'travel') next.arrivals[recordId] = { arrivedAt: record.arrivedAt, fromRegion: record.fromRegion };
  if (record.source === 'identity') next.identity = { name: record.name, photo: record.photo ?? facts.identity?.photo ?? null };
  return settleArrivals(next, now);
}

/** The facts without one record: staff annulled it on an accepted appeal. */
export function withoutRecord(facts: FactsDocument, source: 'health' | 'travel', recordId: string, now: Date): FactsDocument {
  const next = copyOf(facts, now);
  delete (source === 'health' ? next.health : next.arrivals)[recordId];
  return settleArrivals(next, now);
}

/**
 * What the retention sweep writes back at `now`: the facts without their arrivals past retention, oldestArrivalAt
 * recomputed. Null when there is nothing to write (no arrival past retention, oldestArrivalAt already right), so
 * the sweep leaves the document alone. The colour stays: no rule looks back as far as the retention.
 */
export function trimmedFacts(facts: FactsDocument, now: Date): FactsDocument | null {
  const next = settleArrivals(copyOf(facts, now), now);
  const dropped = Object.keys(next.arrivals).length < Object.keys(facts.arrivals).length;
  const time = (date: Date | null | undefined) => (date === undefined ? undefined : (date?.getTime() ?? null));
  return dropped || time(facts.oldestArrivalAt) !== time(next.oldestArrivalAt) ? next : null;
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
