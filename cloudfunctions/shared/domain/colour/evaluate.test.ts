import { evaluate, evaluateWithNextChange } from './evaluate';
import { PERSON_FACTS, type PersonFacts } from './facts';
import { rule, ruleSetDocument } from './fixtures';
import { loadRuleSet } from './ruleSet';

const NOW = new Date('2026-02-10T09:00:00+08:00');
const statusIs = (status: string) => ({ '==': [{ var: 'health.status' }, status] });
const person = (facts: unknown): PersonFacts => PERSON_FACTS.parse(facts);
const codes = (facts: PersonFacts, ruleSet = ONE_OF_EACH, now = NOW) => evaluate(ruleSet, facts, now).reasons.map((reason) => reason.code);

/** Listed yellow first on purpose: precedence must not depend on the order of the document. */
const ONE_OF_EACH = loadRuleSet(
  ruleSetDocument({}, [
    rule('yellow.anyArrival', { some: [{ var: 'arrivals' }, true] }),
    rule('red.confirmed', statusIs('confirmed')),
    rule('yellow.released', statusIs('released')),
  ]),
);
const TRIP = { arrivedAt: '2026-02-01T10:00:00+08:00', fromRegion: '320102' };

describe('evaluate', () => {
  test('red beats yellow beats green, and every matching reason is listed, red first, then document order', () => {
    expect(evaluate(ONE_OF_EACH, person({}), NOW).colour).toBe('green');
    expect(codes(person({}))).toEqual(['NO_RISK']);
    expect(evaluate(ONE_OF_EACH, person({ arrivals: [TRIP] }), NOW).colour).toBe('yellow');
    const both = person({ health: { status: 'confirmed', effectiveAt: '2026-02-01T10:00:00+08:00' }, arrivals: [TRIP] });
    expect(evaluate(ONE_OF_EACH, both, NOW).colour).toBe('red');
    expect(codes(both)).toEqual(['CONFIRMED', 'ANY_ARRIVAL']);
    const twoYellows = person({ health: { status: 'released', effectiveAt: '2026-02-01T10:00:00+08:00' }, arrivals: [TRIP] });
    expect(codes(twoYellows)).toEqual(['ANY_ARRIVAL', 'RELEASED']);
  });

  test('names the rule set the outcome comes from, so that a stored colour can be traced', () => {
    expect(evaluate(ONE_OF_EACH, person({}), NOW).ruleSet).toEqual({ id: 'test.set', version: 1 });
  });

  test('hands out one frozen outcome per combination of matching rules instead of allocating one per person', () => {
    const first = evaluate(ONE_OF_EACH, person({ arrivals: [TRIP] }), NOW);
    const second = evaluate(ONE_OF_EACH, person({ arrivals: [{ ...TRIP, fromRegion: '110105' }] }), NOW);
    expect(second).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.reasons)).toBe(true);
    const withNextChange = evaluateWithNextChange(ONE_OF_EACH, person({ arrivals: [TRIP] }), NOW);
    expect(withNextChange).not.toBe(first);
    expect(first).not.toHaveProperty('nextChangeAt');
  });

  test('refuses an invalid clock', () => {
    expect(() => evaluate(ONE_OF_EACH, person({}), new Date('not a date'))).toThrow(RangeError);
  });

  test('an operand that proves wrong only at run time fails with the rule id, never as a colour', () => {
    const computed = loadRuleSet(ruleSetDocument({}, [rule('yellow.computed', { before: [{ var: 'now' }, { cat: ['2026-13', '-01'] }] })]));
    expect(() => evaluate(computed, person({}), NOW)).toThrow('rule yellow.computed: before: expected an instant, got "2026-13-01"');
  });

  test('reads facts as the schema gives them: a missing health record and no arrivals are green', () => {
    expect(person({})).toEqual({ health: null, arrivals: [] });
    expect(() => person({ arrivals: [{ arrivedAt: '2026-02-01T10:00:00', fromRegion: '320102' }] })).toThrow();
    expect(() => person({ arrivals: [{ ...TRIP, fromRegion: '3201' }] })).toThrow();
    expect(person({ arrivals: [TRIP] }).arrivals[0].arrivedAt).toBe('2026-02-01T02:00:00.000Z');
  });
});

describe('evaluateWithNextChange', () => {
  const effectiveAt = { var: 'health.effectiveAt' };
  const now = { var: 'now' };
  const released = (at: string) => person({ health: { status: 'released', effectiveAt: at } });

  test('finds a change at a literal date of the rules: 00:00 Shanghai of that day', () => {
    const untilMarch = loadRuleSet(ruleSetDocument({}, [rule('red.untilMarch', { before: [now, '2026-03-01'] })]));
    expect(evaluateWithNextChange(untilMarch, person({}), NOW)).toMatchObject({ colour: 'red', nextChangeAt: '2026-02-28T16:00:00.000Z' });
  });

  test('finds a change one millisecond after a fact date for a strict comparison', () => {
    const afterRelease = loadRuleSet(ruleSetDocument({}, [rule('yellow.afterRelease', { after: [now, effectiveAt] })]));
    expect(evaluateWithNextChange(afterRelease, released('2026-02-11T10:00:00+08:00'), NOW)).toMatchObject({
      colour: 'green',
      nextChangeAt: '2026-02-11T02:00:00.001Z',
    });
  });

  test('finds the day after an inclusive day count, from a parameter', () => {
    const week = loadRuleSet(
      ruleSetDocument({ parameters: { watchDays: 7 } }, [rule('yellow.week', { '<=': [{ days_between: [effectiveAt, now] }, { var: 'params.watchDays' }] })]),
    );
    // Released on the 8th (Shanghai): days 0..7 are yellow, the 16th is not.
    expect(evaluateWithNextChange(week, released('2026-02-08T23:00:00+08:00'), NOW)).toMatchObject({
      colour: 'yellow',
      nextChangeAt: '2026-02-15T16:00:00.000Z',
    });
  });

  test('is null when time alone changes nothing', () => {
    expect(evaluateWithNextChange(ONE_OF_EACH, person({ arrivals: [TRIP] }), NOW).nextChangeAt).toBeNull();
  });
});
