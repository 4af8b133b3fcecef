import fc from 'fast-check';
import { evaluate, evaluateWithNextChange } from './evaluate';
import { HEALTH_STATUSES, type PersonFacts } from './facts';
import type { ColourOutcome } from './outcome';
import { rule, ruleSetDocument } from './fixtures';
import { loadRuleSet, type RuleSet } from './ruleSet';
import { SHIPPED_RULE_SETS } from './shipped';
import { DAY_MS, startOfShanghaiDay } from './time';

/**
 * Properties of the engine over random people and clocks, on every shipped rule set. Instants cluster around
 * the default set's key-area windows and land on Asia/Shanghai midnights (±1 ms) often, where rules flip.
 */
const FROM = Date.parse('2025-12-15T00:00:00+08:00');
const TO = Date.parse('2026-04-15T00:00:00+08:00');

const instant = fc.oneof(
  fc.integer({ min: FROM, max: TO }),
  fc.tuple(fc.integer({ min: FROM, max: TO }), fc.constantFrom(-1, 0, 1)).map(([ms, nudge]) => startOfShanghaiDay(ms) + nudge),
);
const isoInstant = instant.map((ms) => new Date(ms).toISOString());
const region = fc.constantFrom('420102', '420100', '420202', '330302', '330106', '320102', '110105');
const health = fc.option(fc.record({ status: fc.constantFrom(...HEALTH_STATUSES), effectiveAt: isoInstant }), { nil: null });
const arrival = fc.record({ arrivedAt: isoInstant, fromRegion: region });
const facts: fc.Arbitrary<PersonFacts> = fc.record({ health, arrivals: fc.array(arrival, { maxLength: 3 }) });

const RANK = { green: 0, yellow: 1, red: 2 } as const;

function summary(outcome: ColourOutcome): string {
  return `${outcome.colour}: ${outcome.reasons.map((reason) => reason.code).join(', ')}`;
}

function at(ruleSet: RuleSet, person: PersonFacts, ms: number): string {
  return summary(evaluate(ruleSet, person, new Date(ms)));
}

/** The same rule set with neither prefilters nor remembered answers: JsonLogic decides every rule, every time. */
function jsonLogicOnly(ruleSet: RuleSet): RuleSet {
  return {
    ...ruleSet,
    rules: ruleSet.rules.map((compiled) => ({ ...compiled, mayMatch: null })),
    answersByStatus: ruleSet.rules.map(() => null),
    outcomes: new Map(),
  };
}

const nowVar = { var: 'now' };
const effectiveAtVar = { var: 'health.effectiveAt' };
const statusIs = (status: string) => ({ '==': [{ var: 'health.status' }, status] });

/**
 * A rule set that compares the clock every way the operations allow (strict and inclusive, instants, calendar
 * days, literal and parameter dates, day counts before and after a date), so that nextChangeAt is tested
 * beyond what the shipped sets happen to need.
 */
const EXERCISE_PARAMETERS = { watchDays: 7, leadDays: 3, until: '2026-02-20', areas: [{ region: '42', from: '2026-01-15', to: '2026-02-10' }] };
const EXERCISE = loadRuleSet(
  ruleSetDocument({ id: 'test.exercise', parameters: EXERCISE_PARAMETERS }, [
    rule('red.confirmedUntilMarch', { and: [statusIs('confirmed'), { before: [nowVar, '2026-03-01'] }] }),
    rule('red.suspectedStrictlyAfter', { and: [statusIs('suspected'), { after: [nowVar, effectiveAtVar] }] }),
    rule('yellow.weekAfterRelease', { and: [statusIs('released'), { '!': { before: [nowVar, effectiveAtVar] } }, { '<=': [{ days_between: [effectiveAtVar, nowVar] }, { var: 'params.watchDays' }] }] }),
    rule('yellow.daysBeforeEffect', { and: [statusIs('observation'), { '<=': [0, { days_between: [nowVar, effectiveAtVar] }, { var: 'params.leadDays' }] }] }),
    rule('yellow.areaUntil', { some: [{ var: 'arrivals' }, { and: [{ in_area_window: [{ var: 'params.areas' }, { var: 'fromRegion' }, { var: 'arrivedAt' }] }, { '>=': [{ days_between: [nowVar, { var: 'params.until' }] }, 0] }] }] }),
    rule('yellow.announced', { some: [{ filter: [{ var: 'arrivals' }, { before: [nowVar, { var: 'arrivedAt' }] }] }, true] }),
    rule('yellow.allRecent', { and: [{ some: [{ var: 'arrivals' }, true] }, { all: [{ var: 'arrivals' }, { '<': [{ days_between: [{ var: 'arrivedAt' }, nowVar] }, { var: 'params.watchDays' }] }] }] }),
  ]),
);

const RULE_SETS = [...SHIPPED_RULE_SETS, EXERCISE].map((ruleSet) => [`${ruleSet.id}@${ruleSet.version}`, ruleSet] as const);

describe.each(RULE_SETS)('rule set %s', (_name, ruleSet) => {
  const plain = jsonLogicOnly(ruleSet);

  test('prefilters and remembered answers never change an outcome', () => {
    fc.assert(
      fc.property(facts, instant, (person, now) => {
        expect(at(ruleSet, person, now)).toBe(at(plain, person, now));
      }),
      { numRuns: 500 },
    );
  });

  test('evaluation is deterministic, whatever was evaluated before', () => {
    fc.assert(
      fc.property(facts, facts, instant, (person, other, now) => {
        const first = evaluateWithNextChange(ruleSet, person, new Date(now));
        evaluate(ruleSet, other, new Date(now));
        expect(evaluateWithNextChange(ruleSet, structuredClone(person), new Date(now))).toEqual(first);
        const { nextChangeAt: _nextChangeAt, ...plainOutcome } = first;
        expect(evaluate(ruleSet, person, new Date(now))).toEqual(plainOutcome);
      }),
    );
  });

  test('nextChangeAt is after now; just before it the outcome is the current one, at it another', () => {
    fc.assert(
      fc.property(facts, instant, (person, now) => {
        const { nextChangeAt, ...current } = evaluateWithNextChange(ruleSet, person, new Date(now));
        if (nextChangeAt === null) return;
        const next = Date.parse(nextChangeAt);
        expect(next).toBeGreaterThan(now);
        expect(at(ruleSet, person, next - 1)).toBe(summary(current));
        expect(at(ruleSet, person, next)).not.toBe(summary(current));
      }),
      { numRuns: 500 },
    );
  });

  test('the outcome is constant until nextChangeAt: at every Shanghai midnight and every fact date ±1 ms, and at random instants', () => {
    const horizon = 60 * DAY_MS; // past the longest day count of the shipped sets
    fc.assert(
      fc.property(facts, instant, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }), (person, now, fractions) => {
        const { nextChangeAt, ...current } = evaluateWithNextChange(ruleSet, person, new Date(now));
        const end = nextChangeAt === null ? now + horizon : Date.parse(nextChangeAt);
        const factDates = [person.health?.effectiveAt, ...person.arrivals.map((trip) => trip.arrivedAt)].filter((date) => date !== undefined).map(Date.parse);
        const probes = [...fractions.map((fraction) => now + fraction * (end - now))];
        for (let midnight = startOfShanghaiDay(now) + DAY_MS; midnight < end; midnight += DAY_MS) probes.push(midnight - 1, midnight);
        for (const date of factDates) probes.push(date - 1, date, date + 1);
        const changed = probes.filter((ms) => ms >= now && ms < end && at(ruleSet, person, Math.floor(ms)) !== summary(current));
        expect(changed.map((ms) => new Date(ms).toISOString())).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the default rule set', () => {
  const [ruleSet] = SHIPPED_RULE_SETS;
  const redMaking = fc.constantFrom('observation', 'confirmed', 'suspected' as const);

  test('a red-making health record never lowers the colour: it makes it red', () => {
    fc.assert(
      fc.property(facts, redMaking, isoInstant, instant, (person, status, effectiveAt, now) => {
        const before = evaluate(ruleSet, person, new Date(now)).colour;
        const after = evaluate(ruleSet, { ...person, health: { status, effectiveAt } }, new Date(now)).colour;
        expect(RANK[after]).toBeGreaterThanOrEqual(RANK[before]);
        expect(after).toBe('red');
      }),
    );
  });

  test('another arrival never lowers the colour', () => {
    fc.assert(
      fc.property(facts, arrival, instant, (person, trip, now) => {
        const before = evaluate(ruleSet, person, new Date(now)).colour;
        const after = evaluate(ruleSet, { ...person, arrivals: [...person.arrivals, trip] }, new Date(now)).colour;
        expect(RANK[after]).toBeGreaterThanOrEqual(RANK[before]);
      }),
    );
  });
});
