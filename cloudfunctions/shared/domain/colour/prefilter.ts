import jsonLogic from 'json-logic-js';
import { isLiteral, isPlainObject, valueAt, varPath } from './logic';
import { COLOUR_OPERATIONS } from './operations';
import type { Parameters } from './ruleSet';

/**
 * A cheap necessary condition of a rule, derived from its JsonLogic when the rule set is loaded: false means
 * the rule cannot match on this data, so JsonLogic need not run; true means "ask JsonLogic", which stays the
 * only judge of a match. Interpreting a rule costs about 250 ns per node, and the typical person is green:
 * most arrivals are from no key area, and a rule's `and` can be refused by one of its conjuncts.
 *
 * Understood shapes (anything else is "may match"): an `and` is false if one of its understood conjuncts is;
 * a `some` over arrivals is false if its body is false for every arrival; one of this engine's own operations
 * whose operands are variables or literals is run directly, with JsonLogic's truthiness.
 */
export type Prefilter = (data: unknown) => boolean;

type Reader = (data: unknown) => unknown;

/** JsonLogic's `var` on a fixed path: null (or the default) where the path stops. */
function reader(node: unknown, parameters: Parameters): Reader {
  const path = varPath(node);
  if (path === undefined) return () => node;
  const fallback: unknown = isPlainObject(node) && Array.isArray(node.var) && node.var.length > 1 ? node.var[1] : null;
  if (path.startsWith('params.')) {
    const constant = valueAt(parameters, path.slice('params.'.length)).value;
    return () => constant;
  }
  const segments = path.split('.');
  return (data) => {
    let value = data;
    for (const segment of segments) {
      if (value === null || value === undefined) return fallback;
      value = (value as Record<string, unknown>)[segment];
    }
    return value === undefined ? fallback : value;
  };
}

function colourOperationCondition(operator: string, operands: unknown[], parameters: Parameters): Prefilter | null {
  if (!operands.every((operand) => varPath(operand) !== undefined || isLiteral(operand))) return null;
  const { apply } = COLOUR_OPERATIONS[operator];
  const [first, second, third] = [0, 1, 2].map((index) => reader(operands[index], parameters));
  return (data) => {
    try {
      return jsonLogic.truthy(apply(first(data), second(data), third(data)));
    } catch {
      return true; // let JsonLogic run and report the error with the rule's id
    }
  };
}

/** The necessary condition of a compiled rule's logic, or null when none is understood. */
export function necessaryCondition(logic: unknown, parameters: Parameters): Prefilter | null {
  if (!isPlainObject(logic)) return null;
  const [operator] = Object.keys(logic);
  const operands = logic[operator] as unknown[]; // compiled logic always lists its operands
  if (operator === 'and') {
    const conjuncts = operands.map((operand) => necessaryCondition(operand, parameters)).filter((condition) => condition !== null);
    if (conjuncts.length === 0) return null;
    return (data) => conjuncts.every((conjunct) => conjunct(data));
  }
  if (operator === 'some' && varPath(operands[0]) === 'arrivals') {
    const body = necessaryCondition(operands[1], parameters) ?? (() => true);
    return (data) => (data as { arrivals: unknown[] }).arrivals.some(body);
  }
  if (Object.hasOwn(COLOUR_OPERATIONS, operator)) return colourOperationCondition(operator, operands, parameters);
  return null;
}
