import defaultRuleSet from '../../rules/default.json';
import { rule, ruleSetDocument } from './fixtures';
import { loadRuleSet, selectRuleSet, RuleSetError, type RuleSet } from './ruleSet';

function loadingLogic(logic: unknown): () => RuleSet {
  return () => loadRuleSet(ruleSetDocument({}, [rule('yellow.keyArea', logic)]));
}

const inArrivals = (body: unknown) => ({ some: [{ var: 'arrivals' }, body] });

describe('loadRuleSet', () => {
  test('loads the default rule set, red rules first, reason texts filled from the parameters', () => {
    const ruleSet = loadRuleSet(defaultRuleSet);
    expect(ruleSet.rules.map((rule) => rule.colour)).toEqual(['red', 'red', 'red', 'yellow']);
    const keyArea = ruleSet.rules.find((rule) => rule.id === 'yellow.keyAreaArrival');
    expect(keyArea?.reason).toEqual({ code: 'KEY_AREA_ARRIVAL', zh: '重点地区来沪未满14天', en: 'Arrived from a key area less than 14 days ago' });
    expect(ruleSet.document.description.zh).toContain('重点地区来沪未满14天');
  });

  test('freezes what it loaded, so that nothing can change a set that evaluations cache on', () => {
    const ruleSet = loadRuleSet(defaultRuleSet);
    expect(Object.isFrozen(ruleSet.parameters.keyAreas)).toBe(true);
    expect(Object.isFrozen(ruleSet.rules[0].logic)).toBe(true);
  });

  test.each([
    ['an unknown operator', inArrivals({ '<': [{ daysbetween: [{ var: 'arrivedAt' }, { var: 'now' }] }, 14] }), 'rule yellow.keyArea: unknown operator "daysbetween"'],
    ['a malformed tree (two operators in one object)', { '==': [1, 1], '!=': [1, 2] }, 'rule yellow.keyArea: malformed logic'],
    ['an empty object', { and: [{}] }, 'rule yellow.keyArea: malformed logic'],
    ['a variable naming no fact', { '==': [{ var: 'health.colour' }, 'red'] }, 'rule yellow.keyArea: unknown variable "health.colour"'],
    ['a variable naming no parameter', { '<': [1, { var: 'params.greenDays' }] }, 'rule yellow.keyArea: unknown parameter "params.greenDays"'],
    ['an arrival field outside an iteration over arrivals', { '==': [{ var: 'fromRegion' }, '420100'] }, 'rule yellow.keyArea: unknown variable "fromRegion"'],
    ['a computed variable name', { '==': [{ var: { cat: ['health.', 'status'] } }, 'confirmed'] }, 'rule yellow.keyArea: var takes a fixed name'],
    ['log, which writes to the console', { log: 1 }, 'rule yellow.keyArea: operator "log" is not allowed'],
    ['reduce, whose data hides now', { reduce: [{ var: 'arrivals' }, true, false] }, 'rule yellow.keyArea: operator "reduce" is not allowed'],
    ['an iteration over something else than arrivals', { some: [{ var: 'params.keyAreas' }, true] }, 'rule yellow.keyArea: "some" must iterate over { "var": "arrivals" }'],
    ['a wrong number of operands', { '==': [1] }, 'rule yellow.keyArea: operator "==" takes 2 operand(s), got 1'],
    ['a wrong number of operands to an own operation', { before: [{ var: 'now' }] }, 'rule yellow.keyArea: operator "before" takes 2 operand(s), got 1'],
    ['a region where an instant belongs', inArrivals({ '<': [{ days_between: [{ var: 'fromRegion' }, { var: 'now' }] }, 14] }), 'operand 1 of "days_between" must be an instant'],
    ['an impossible date', { before: [{ var: 'now' }, '2026-02-30'] }, 'operand 2 of "before" must be an instant'],
    ['a date-time without offset', { before: [{ var: 'now' }, '2026-02-01T10:00:00'] }, 'operand 2 of "before" must be an instant'],
    ['a literal list of key areas', inArrivals({ in_area_window: [[], { var: 'fromRegion' }, { var: 'arrivedAt' }] }), 'operand 1 of "in_area_window" must be a parameter listing'],
    ['a parameter that is no list of areas', inArrivals({ in_area_window: [{ var: 'params.yellowDays' }, { var: 'fromRegion' }, { var: 'arrivedAt' }] }), 'operand 1 of "in_area_window" must be a parameter listing { region, from, to? }, got 14'],
    ['a misspelt health status', { '==': [{ var: 'health.status' }, 'confimed'] }, 'rule yellow.keyArea: "confimed" is not a health status'],
    ['a misspelt health status in a list', { in: [{ var: 'health.status' }, ['confirmed', 'suspect']] }, '"suspect" is not a health status'],
  ])('refuses %s, naming the rule', (_label, logic, message) => {
    expect(loadingLogic(logic)).toThrow(RuleSetError);
    expect(loadingLogic(logic)).toThrow(message);
  });

  test('says where in the tree the problem is', () => {
    expect(loadingLogic(inArrivals({ and: [true, { daysbetween: [] }] }))).toThrow('at some[1].and[1]');
  });

  test('refuses a duplicate rule id and a reason code used twice', () => {
    const twice = ruleSetDocument({}, [rule('yellow.keyArea', true), { ...rule('yellow.other', false), id: 'yellow.keyArea' }]);
    expect(() => loadRuleSet(twice)).toThrow('rule yellow.keyArea: duplicate rule id');
    const sameCode = ruleSetDocument({}, [rule('yellow.keyArea', true), { ...rule('yellow.keyArea', false), id: 'yellow.other' }]);
    expect(() => loadRuleSet(sameCode)).toThrow('rule yellow.other: reason code KEY_AREA is used twice');
    const greenCode = ruleSetDocument({}, [rule('yellow.noRisk', true)]);
    expect(() => loadRuleSet(greenCode)).toThrow('reason code NO_RISK is used twice');
  });

  test('names the rule when the document shape is wrong inside it', () => {
    const wrongColour = ruleSetDocument({}, [{ ...rule('yellow.keyArea', true), colour: 'blue' }]);
    expect(() => loadRuleSet(wrongColour)).toThrow(/^rule yellow\.keyArea: colour: /);
    expect(() => loadRuleSet(ruleSetDocument({ validFrom: '2026-01-01' }))).toThrow(/^rule set: validFrom: /);
    expect(() => loadRuleSet(ruleSetDocument({ extra: true }))).toThrow(/^rule set: document: .*extra/);
    expect(() => loadRuleSet('not a document')).toThrow(RuleSetError);
  });

  test('refuses a validity window that ends before it starts, and key areas with dates the wrong way round', () => {
    expect(() => loadRuleSet(ruleSetDocument({ validTo: '2024-12-31T00:00:00+08:00' }))).toThrow('rule set test.set: validTo must be after validFrom');
    const backwards = ruleSetDocument({ parameters: { keyAreas: [{ region: '42', from: '2026-02-01', to: '2026-01-01' }] } }, [
      rule('yellow.keyArea', inArrivals({ in_area_window: [{ var: 'params.keyAreas' }, { var: 'fromRegion' }, { var: 'arrivedAt' }] })),
    ]);
    expect(() => loadRuleSet(backwards)).toThrow('must be a parameter listing { region, from, to? }, but entry 0: from must not be after to');
    const badCode = ruleSetDocument({ parameters: { keyAreas: [{ region: '4201000', from: '2026-01-01' }] } }, [
      rule('yellow.keyArea', inArrivals({ in_area_window: [{ var: 'params.keyAreas' }, { var: 'fromRegion' }, { var: 'arrivedAt' }] })),
    ]);
    expect(() => loadRuleSet(badCode)).toThrow('but entry 0 region: expected a 2-, 4- or 6-digit region code');
  });

  test('refuses a reason text naming a parameter that is not there', () => {
    const document = ruleSetDocument({}, [{ ...rule('yellow.keyArea', true), reason: { code: 'KEY_AREA', zh: '未满{greenDays}天', en: 'x' } }]);
    expect(() => loadRuleSet(document)).toThrow('rule yellow.keyArea: reason text names {greenDays}');
  });
});

describe('selectRuleSet', () => {
  const first = loadRuleSet(ruleSetDocument({ id: 'city', version: 1, validFrom: '2026-01-01T00:00:00+08:00' }));
  const second = loadRuleSet(ruleSetDocument({ id: 'city', version: 2, validFrom: '2026-03-01T00:00:00+08:00', validTo: '2026-06-01T00:00:00+08:00' }));

  test('takes the set that became valid last, validFrom included and validTo excluded', () => {
    expect(selectRuleSet([first, second], new Date('2026-02-28T15:59:59.999Z')).version).toBe(1);
    expect(selectRuleSet([first, second], new Date('2026-02-28T16:00:00.000Z')).version).toBe(2);
    expect(selectRuleSet([second, first], new Date('2026-05-31T16:00:00.000Z')).version).toBe(1);
  });

  test('says clearly when no set is valid', () => {
    expect(() => selectRuleSet([second], new Date('2026-01-15T00:00:00Z'))).toThrow(
      'no colour rule set is valid at 2026-01-15T00:00:00.000Z; known: city@2 [2026-02-28T16:00:00.000Z, 2026-05-31T16:00:00.000Z)',
    );
    expect(() => selectRuleSet([], new Date('2026-01-15T00:00:00Z'))).toThrow('known: none');
  });

  test('refuses to guess between two sets that start at the same instant', () => {
    const rival = loadRuleSet(ruleSetDocument({ id: 'rival', validFrom: '2026-01-01T00:00:00+08:00' }));
    expect(() => selectRuleSet([first, rival], new Date('2026-02-01T00:00:00Z'))).toThrow('ambiguous');
  });
});
