import fc from 'fast-check';
import { evaluateWithNextChange, HEALTH_STATUSES, loadRuleSet, SHIPPED_RULE_SETS, type Arrival, type RuleSet } from './colour';
import { rule, ruleSetDocument } from './colour/fixtures';
import { emptyFacts, personFacts, trimmedFacts, withoutRecord, withRecord, type FactsDocument } from './facts';
import { RETENTION_DAYS, retentionCutoff } from './retention';

const DAY = 86_400_000;
const NOW = new Date('2026-11-27T02:00:00.000Z');
const ago = (ms: number, now = NOW) => new Date(now.getTime() - ms);
const arrival = (arrivedAt: Date, fromRegion = '330302'): Arrival => ({ arrivedAt: arrivedAt.toISOString(), fromRegion });
const travel = (arrivedAt: Date) => ({ source: 'travel' as const, ...arrival(arrivedAt) });

function factsWith(arrivals: Record<string, Arrival>, changes: Partial<FactsDocument> = {}): FactsDocument {
  return { ...emptyFacts('person-1', ago(90 * DAY)), arrivals, ...changes };
}

describe('oldestArrivalAt: kept by the functions that build facts', () => {
  test('empty facts have none', () => {
    expect(emptyFacts('person-1', NOW).oldestArrivalAt).toBeNull();
  });

  test('withRecord: the earliest arrival, whatever the order they came in; other sources leave it as the arrivals say', () => {
    let facts = withRecord(emptyFacts('person-1', NOW), 't-2', travel(ago(3 * DAY)), NOW);
    expect(facts.oldestArrivalAt).toEqual(ago(3 * DAY));
    facts = withRecord(facts, 't-1', travel(ago(10 * DAY)), NOW);
    expect(facts.oldestArrivalAt).toEqual(ago(10 * DAY));
    facts = withRecord(facts, 't-3', travel(ago(DAY)), NOW);
    expect(facts.oldestArrivalAt).toEqual(ago(10 * DAY));
    // A new version of the oldest arrival moves it.
    facts = withRecord(facts, 't-1', travel(ago(2 * DAY)), NOW);
    expect(facts.oldestArrivalAt).toEqual(ago(3 * DAY));
    facts = withRecord(facts, 'h-1', { source: 'health', status: 'released', effectiveAt: NOW.toISOString() }, NOW);
    expect(facts.oldestArrivalAt).toEqual(ago(3 * DAY));
  });

  test('withRecord drops arrivals past their retention and counts from what remains', () => {
    const facts = factsWith({ old: arrival(ago(61 * DAY)), recent: arrival(ago(10 * DAY)) }, { oldestArrivalAt: ago(61 * DAY) });
    const next = withRecord(facts, 'h-1', { source: 'health', status: 'released', effectiveAt: NOW.toISOString() }, NOW);
    expect(Object.keys(next.arrivals)).toEqual(['recent']);
    expect(next.oldestArrivalAt).toEqual(ago(10 * DAY));
    // An arrival already past its retention when it comes is not kept at all.
    expect(withRecord(emptyFacts('person-1', NOW), 't-9', travel(ago(61 * DAY)), NOW)).toMatchObject({ arrivals: {}, oldestArrivalAt: null });
  });

  test('withoutRecord: the next oldest, or null when the last arrival goes', () => {
    const facts = factsWith({ a: arrival(ago(20 * DAY)), b: arrival(ago(5 * DAY)) }, { oldestArrivalAt: ago(20 * DAY) });
    const withoutA = withoutRecord(facts, 'travel', 'a', NOW);
    expect(withoutA.oldestArrivalAt).toEqual(ago(5 * DAY));
    expect(withoutRecord(withoutA, 'travel', 'b', NOW).oldestArrivalAt).toBeNull();
    expect(withoutRecord(facts, 'health', 'h-x', NOW).oldestArrivalAt).toEqual(ago(20 * DAY));
  });

  test('facts written before the field existed (undefined) get it on their next write', () => {
    const legacy = factsWith({ a: arrival(ago(7 * DAY)) }, { oldestArrivalAt: undefined });
    expect(withRecord(legacy, 'h-1', { source: 'health', status: 'released', effectiveAt: NOW.toISOString() }, NOW).oldestArrivalAt).toEqual(ago(7 * DAY));
    expect(withoutRecord(legacy, 'health', 'h-x', NOW).oldestArrivalAt).toEqual(ago(7 * DAY));
  });

  test('pure: the input is left as it was', () => {
    const facts = factsWith({ old: arrival(ago(61 * DAY)) }, { oldestArrivalAt: ago(61 * DAY) });
    const copy = structuredClone(facts);
    withRecord(facts, 't-1', travel(ago(DAY)), NOW);
    withoutRecord(facts, 'travel', 'old', NOW);
    trimmedFacts(facts, NOW);
    expect(facts).toEqual(copy);
  });
});

describe('trimmedFacts: what the retention sweep writes back', () => {
  const cutoff = retentionCutoff('travelRecords', NOW);

  test('drops the arrivals older than the retention, keeps the rest (one at the cutoff stays), updates oldestArrivalAt', () => {
    const health = { 'h-1': { status: 'released' as const, effectiveAt: ago(80 * DAY).toISOString() } };
    const identity = { name: '张三', photo: null };
    const facts = factsWith(
      { old: arrival(ago(61 * DAY)), justPast: arrival(new Date(cutoff.getTime() - 1)), atCutoff: arrival(cutoff), recent: arrival(ago(10 * DAY)) },
      { health, identity, oldestArrivalAt: ago(61 * DAY) },
    );
    expect(trimmedFacts(facts, NOW)).toEqual({
      _id: 'person-1',
      health,
      identity,
      arrivals: { atCutoff: arrival(cutoff), recent: arrival(ago(10 * DAY)) },
      oldestArrivalAt: cutoff,
      updatedAt: NOW,
    });
    expect(trimmedFacts(factsWith({ old: arrival(ago(61 * DAY)) }, { oldestArrivalAt: ago(61 * DAY) }), NOW)).toMatchObject({ arrivals: {}, oldestArrivalAt: null });
  });

  test('null (nothing to write) when no arrival is past its retention and oldestArrivalAt is right', () => {
    expect(trimmedFacts(factsWith({ recent: arrival(ago(10 * DAY)) }, { oldestArrivalAt: ago(10 * DAY) }), NOW)).toBeNull();
    expect(trimmedFacts(factsWith({}, { oldestArrivalAt: null }), NOW)).toBeNull();
  });

  test('a wrong or missing oldestArrivalAt is written right, so the document does not come back run after run', () => {
    expect(trimmedFacts(factsWith({ recent: arrival(ago(10 * DAY)) }, { oldestArrivalAt: ago(70 * DAY) }), NOW)).toMatchObject({ oldestArrivalAt: ago(10 * DAY) });
    expect(trimmedFacts(factsWith({}, { oldestArrivalAt: undefined }), NOW)).toMatchObject({ oldestArrivalAt: null });
  });
});

/**
 * Why the sweep does not recompute colours: no rule of a shipped rule set looks back as far as the retention, so
 * dropping an arrival past it changes neither the colour, nor its reasons, nor its next change. A rule set that
 * looked further back fails here before it ships, and trimming would then have to recompute the colour.
 */
describe('trimming arrivals past their retention cannot change a colour', () => {
  test('every day count a shipped rule set compares is shorter than the retention', () => {
    for (const ruleSet of SHIPPED_RULE_SETS) expect(Math.max(...ruleSet.dayOffsets)).toBeLessThan(RETENTION_DAYS.travelRecords);
  });

  const regions = fc.constantFrom('420102', '420100', '420202', '330302', '330106', '320102', '110105');
  const people = (now: number) => {
    const isoAt = (min: number, max: number) => fc.integer({ min, max }).map((ms) => new Date(ms).toISOString());
    const cutoff = retentionCutoff('travelRecords', new Date(now)).getTime();
    const health = fc.option(fc.record({ status: fc.constantFrom(...HEALTH_STATUSES), effectiveAt: isoAt(now - 200 * DAY, now + 2 * DAY) }), { nil: null });
    const arrivalsAt = (min: number, max: number) => fc.array(fc.record({ arrivedAt: isoAt(min, max), fromRegion: regions }), { maxLength: 3 });
    // Past the retention (by a millisecond up to 240 days), and within it (or a little in the future).
    return fc.record({ health, old: arrivalsAt(cutoff - 240 * DAY, cutoff - 1), recent: arrivalsAt(cutoff, now + 2 * DAY) });
  };

  const sameOutcome = (ruleSet: RuleSet) =>
    fc.property(
      fc.integer({ min: ruleSet.validFromMs, max: Math.min(ruleSet.validToMs - 1, ruleSet.validFromMs + 500 * DAY) }).chain((now) => fc.tuple(fc.constant(now), people(now))),
      ([nowMs, { health, old, recent }]) => {
        const now = new Date(nowMs);
        const entries = [...old, ...recent].map((item, index) => [`t-${index}`, item] as const);
        const facts = factsWith(Object.fromEntries(entries), { health: health ? { 'h-1': health } : {} });
        const trimmed = trimmedFacts(facts, now) ?? facts;
        expect(Object.keys(trimmed.arrivals)).toHaveLength(recent.length);
        expect(evaluateWithNextChange(ruleSet, personFacts(trimmed), now)).toEqual(evaluateWithNextChange(ruleSet, personFacts(facts), now));
      },
    );

  test.each(SHIPPED_RULE_SETS.map((ruleSet) => [`${ruleSet.id} v${ruleSet.version}`, ruleSet] as const))(
    '%s: the same outcome and next change with or without them, for any person at any time',
    (_name, ruleSet) => {
      fc.assert(sameOutcome(ruleSet), { numRuns: 500 });
    },
  );

  test('the checks catch a rule set that looks further back', () => {
    const longMemory = loadRuleSet(
      ruleSetDocument({}, [rule('yellow.longAgo', { some: [{ var: 'arrivals' }, { '<': [{ days_between: [{ var: 'arrivedAt' }, { var: 'now' }] }, 90] }] })]),
    );
    expect(Math.max(...longMemory.dayOffsets)).toBeGreaterThanOrEqual(RETENTION_DAYS.travelRecords);
    // A rule with no day count at all (an arrival from a key area, ever) escapes the first check, not the second.
    const everInArea = loadRuleSet(
      ruleSetDocument({ parameters: { yellowDays: 14, keyAreas: [{ region: '330300', from: '2025-01-01' }] } }, [
        rule('yellow.everInArea', { some: [{ var: 'arrivals' }, { in_area_window: [{ var: 'params.keyAreas' }, { var: 'fromRegion' }, { var: 'arrivedAt' }] }] }),
      ]),
    );
    expect(() => fc.assert(sameOutcome(everInArea), { numRuns: 500 })).toThrow();
  });
});
