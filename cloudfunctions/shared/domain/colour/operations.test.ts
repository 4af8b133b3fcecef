import jsonLogic from 'json-logic-js';
import { COLOUR_OPERATIONS } from './operations';

const AREAS = [
  { region: '420100', from: '2026-01-01', to: '2026-02-15' }, // Wuhan, city level
  { region: '33', from: '2026-02-01' }, // Zhejiang, province level, no end
];

/** The operations as rules run them: through JsonLogic. */
function run(operation: string, ...operands: unknown[]): unknown {
  return jsonLogic.apply({ [operation]: operands.map((_operand, index) => ({ var: String(index) })) }, operands);
}

describe('colour operations, through jsonLogic.apply', () => {
  test('before and after are strict, and read dates as 00:00 Shanghai', () => {
    const midnight = Date.parse('2026-02-14T16:00:00Z');
    expect(run('before', midnight - 1, '2026-02-15')).toBe(true);
    expect(run('before', midnight, '2026-02-15')).toBe(false);
    expect(run('after', midnight + 1, '2026-02-15')).toBe(true);
    expect(run('after', midnight, '2026-02-15')).toBe(false);
    expect(run('before', '2026-02-01T20:00:00+08:00', '2026-02-01T12:00:00.001Z')).toBe(true);
  });

  test('days_between counts Shanghai calendar days, whatever the hours', () => {
    expect(run('days_between', '2026-02-01T23:59:00+08:00', '2026-02-02T00:00:00+08:00')).toBe(1);
    expect(run('days_between', '2026-02-01T00:00:00+08:00', '2026-02-01T23:59:59+08:00')).toBe(0);
    expect(run('days_between', '2026-02-15', '2026-02-01')).toBe(-14);
    expect(run('days_between', '2026-02-01T12:00:00.000Z', Date.parse('2026-02-14T16:00:00Z'))).toBe(14);
  });

  test('in_area_window: a code lies in an area when the area is it or above it', () => {
    const inWindow = (region: string, at: string) => run('in_area_window', AREAS, region, at);
    expect(inWindow('420102', '2026-02-15T23:59:00+08:00')).toBe(true); // a district of Wuhan, last day
    expect(inWindow('420100', '2026-01-01T00:00:00+08:00')).toBe(true); // Wuhan itself, first day
    expect(inWindow('420102', '2026-02-16T00:00:00+08:00')).toBe(false); // the day after
    expect(inWindow('420102', '2025-12-31T23:59:59+08:00')).toBe(false); // the day before
    expect(inWindow('420202', '2026-02-01T10:00:00+08:00')).toBe(false); // Huangshi: Hubei, not Wuhan
    expect(inWindow('330302', '2030-01-01T00:00:00+08:00')).toBe(true); // Zhejiang, open-ended
    expect(inWindow('330302', '2026-01-31T23:59:59+08:00')).toBe(false);
    expect(inWindow('133030', '2026-02-10T00:00:00+08:00')).toBe(false); // "33" must be a prefix, not a substring
  });

  test.each([
    ['before', [null, 0], 'before: expected an instant, got null'],
    ['days_between', ['2026-02-30', 0], 'days_between: expected an instant, got "2026-02-30"'],
    ['after', ['2026-02-01T10:00:00', 0], 'after: expected an instant, got "2026-02-01T10:00:00"'],
    ['in_area_window', [AREAS, '4201', 0], 'in_area_window: expected a 6-digit region code, got "4201"'],
    ['in_area_window', [[{ region: '42' }], '420102', 0], 'in_area_window: expected a list of { region, from, to? }'],
  ])('%s throws on an operand it cannot read, rather than answer', (operation, operands, message) => {
    expect(() => run(operation, ...operands)).toThrow(message);
  });

  test('every operation declares as many operand kinds as it takes', () => {
    for (const operation of Object.values(COLOUR_OPERATIONS)) expect(operation.apply.length).toBe(operation.operands.length);
  });
});
