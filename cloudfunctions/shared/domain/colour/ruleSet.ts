import type { RulesLogic, AdditionalOperation } from 'json-logic-js';
import { z } from 'zod';
import { pushCandidates } from './candidates';
import { HEALTH_STATUSES, INSTANT } from './facts';
import { COLOUR_OPERATIONS, instantOfText, isInstantText, operandProblem, precompileAreaWindows, type OperandKind } from './operations';
import { isLiteral, isPlainObject, valueAt, varPath } from './logic';
import type { ColourOutcome } from './outcome';
import { necessaryCondition, type Prefilter } from './prefilter';

/**
 * A colour rule set is a JSON document: red and yellow rules written in JsonLogic over the facts of one
 * person, the clock and the set's parameters. `loadRuleSet` validates it completely (so a typo fails at load,
 * naming its rule, and never at a gate) and compiles it for fast evaluation.
 */

export class RuleSetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleSetError';
  }
}

const LOCALISED_TEXT = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const REASON = z.strictObject({ code: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected UPPER_SNAKE_CASE'), zh: z.string().min(1), en: z.string().min(1) });
const RULE = z.strictObject({
  id: z.string().regex(/^[A-Za-z][\w.-]*$/, 'expected letters, digits, "_", "." or "-"'),
  colour: z.enum(['red', 'yellow']),
  reason: REASON,
  logic: z.json(),
});

/** Rules per set: which rules matched is kept in one 32-bit mask (see outcome.ts). */
const MAX_RULES = 31;

export const RULE_SET_DOCUMENT = z.strictObject({
  id: z.string().regex(/^[a-z][\w.-]*$/, 'expected lowercase letters, digits, "_", "." or "-"'),
  version: z.int().positive(),
  validFrom: INSTANT,
  validTo: INSTANT.optional(),
  description: LOCALISED_TEXT,
  /** Numbers, dates and lists the rules read as `{ "var": "params.NAME" }`; reason texts may say `{NAME}`. */
  parameters: z.record(z.string().regex(/^[A-Za-z]\w*$/, 'expected an identifier'), z.json()),
  /** Why a person is green when no rule matches. */
  greenReason: REASON,
  rules: z.array(RULE).min(1).max(MAX_RULES),
});

export type RuleSetDocument = z.infer<typeof RULE_SET_DOCUMENT>;
export type Reason = z.infer<typeof REASON>;
export type RuleColour = z.infer<typeof RULE>['colour'];
export type Parameters = RuleSetDocument['parameters'];
export type Logic = RulesLogic<AdditionalOperation>;

export interface CompiledRule {
  readonly id: string;
  readonly colour: RuleColour;
  /** With `{NAME}` placeholders replaced by the parameters. */
  readonly reason: Reason;
  /** The rule's logic with primitive parameters and literal dates folded in; still JsonLogic. */
  readonly logic: Logic;
  /** The rule reads no fact but the health status, so its answer per status can be remembered. */
  readonly readsOnlyHealthStatus: boolean;
  /** A cheap test that is false when the rule cannot match (see prefilter.ts), or null. */
  readonly mayMatch: Prefilter | null;
}

export interface RuleSet {
  readonly document: RuleSetDocument;
  readonly id: string;
  readonly version: number;
  readonly validFromMs: number;
  readonly validToMs: number;
  /** Red rules first, then yellow, each in document order: the order reasons are listed in. */
  readonly rules: readonly CompiledRule[];
  readonly greenReason: Reason;
  readonly parameters: Parameters;
  /** 0 and ± every whole number of the parameters and the logic: the day counts a rule may shift dates by. */
  readonly dayOffsets: readonly number[];
  /** Sorted candidate instants (see candidates.ts) from the dates of the parameters and of the logic itself. */
  readonly ruleSetCandidates: readonly number[];
  /** Outcomes by mask of matching rules, built on first use: an evaluation allocates no outcome. */
  readonly outcomes: Map<number, ColourOutcome>;
  /** Per rule that reads only the health status: its answer per status, filled on first use. */
  readonly answersByStatus: ReadonlyArray<Map<string | null, boolean> | null>;
}

type FactKind = 'instant' | 'region' | 'status' | 'record' | 'arrivals';

/** What the rules can name (see evaluate.ts), besides the parameters as `params.NAME`. */
const PERSON_LEVEL: Readonly<Record<string, FactKind>> = {
  now: 'instant',
  health: 'record',
  'health.status': 'status',
  'health.effectiveAt': 'instant',
};
type Scope = 'person' | 'arrival';
const VARIABLES: Readonly<Record<Scope, Readonly<Record<string, FactKind>>>> = {
  person: { ...PERSON_LEVEL, arrivals: 'arrivals' },
  /** Inside an iteration over arrivals: the arrival's fields and the person-level names, not the list itself. */
  arrival: { ...PERSON_LEVEL, arrivedAt: 'instant', fromRegion: 'region' },
};

/** JsonLogic's operations a rule may use, with their operand counts. */
const BUILTIN_ARITY: Readonly<Record<string, readonly [number, number]>> = {
  '==': [2, 2], '===': [2, 2], '!=': [2, 2], '!==': [2, 2], '!': [1, 1], '!!': [1, 1],
  and: [1, Infinity], or: [1, Infinity], if: [1, Infinity], '?:': [3, 3],
  '<': [2, 3], '<=': [2, 3], '>': [2, 2], '>=': [2, 2],
  '+': [1, Infinity], '-': [1, 2], '*': [1, Infinity], '/': [2, 2], '%': [2, 2], min: [1, Infinity], max: [1, Infinity],
  in: [2, 2], cat: [1, Infinity], substr: [2, 3], merge: [0, Infinity],
};

const EQUALITIES = new Set(['==', '===', '!=', '!==']);

/** Iterations evaluate their second operand once per element of the first, with the element as data. */
const ITERATIONS = new Set(['some', 'all', 'none', 'filter', 'map']);

const REFUSED: Readonly<Record<string, string>> = {
  log: 'it writes to the console',
  missing: 'the facts have a fixed shape; compare with null instead',
  missing_some: 'the facts have a fixed shape; compare with null instead',
  reduce: 'its data hides now, health and params; use some/all/none/filter',
};

const OPERAND_DESCRIPTIONS: Readonly<Record<OperandKind, string>> = {
  instant: "an instant (a date 'YYYY-MM-DD' or a date-time with offset)",
  region: 'a 6-digit region code',
  areaWindows: 'a parameter listing { region, from, to? }',
};

type LogicNode = { [operator: string]: unknown[] };

/** Checks one rule's logic and folds what is known at load into it. */
class RuleCompiler {
  readonly factsRead = new Set<string>();

  constructor(
    private readonly ruleId: string,
    private readonly parameters: Parameters,
    /** Literal dates met in the logic, for nextChangeAt. */
    private readonly literalInstants: Set<number>,
    /** Literal numbers met in the logic: day counts maybe. */
    private readonly literalNumbers: Set<number>,
  ) {}

  fail(message: string, at: string): never {
    throw new RuleSetError(`rule ${this.ruleId}: ${message}${at ? ` at ${at}` : ''}`);
  }

  compile(node: unknown, scope: Scope, at: string): unknown {
    if (Array.isArray(node)) return node.map((item, index) => this.compile(item, scope, `${at}[${index}]`));
    if (!isPlainObject(node)) {
      if (typeof node === 'number') this.literalNumbers.add(node);
      return node;
    }
    const keys = Object.keys(node);
    if (keys.length !== 1) this.fail(`malformed logic: an operation is an object with exactly one key, found ${keys.length} (${keys.join(', ')})`, at);
    const operator = keys[0];
    const raw = node[operator];
    const operands = Array.isArray(raw) ? raw : [raw];
    const here = at ? `${at}.${operator}` : operator;
    if (operator === 'var') return this.compileVar(operands, scope, here);
    if (Object.hasOwn(REFUSED, operator)) this.fail(`operator "${operator}" is not allowed: ${REFUSED[operator]}`, at);
    if (ITERATIONS.has(operator)) return this.compileIteration(operator, operands, scope, here);
    if (Object.hasOwn(COLOUR_OPERATIONS, operator)) return this.compileColourOperation(operator, operands, scope, here);
    if (!Object.hasOwn(BUILTIN_ARITY, operator)) this.fail(`unknown operator "${operator}"`, at);
    this.checkArity(operator, operands.length, BUILTIN_ARITY[operator], at);
    const compiled = operands.map((operand, index) => this.compile(operand, scope, `${here}[${index}]`));
    this.checkStatusLiterals(operator, compiled, here);
    return { [operator]: compiled };
  }

  private checkArity(operator: string, count: number, [min, max]: readonly [number, number], at: string): void {
    if (count < min || count > max) {
      const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      this.fail(`operator "${operator}" takes ${expected} operand(s), got ${count}`, at);
    }
  }

  /** A parameter that is a plain value becomes a literal; a fact stays a `var`, and must exist in this scope. */
  private compileVar(operands: unknown[], scope: Scope, at: string): unknown {
    const [path] = operands;
    if (operands.length > 2 || typeof path !== 'string' || path === '') this.fail('var takes a fixed name (and an optional default)', at);
    if (path.startsWith('params.')) {
      const parameter = valueAt(this.parameters, path.slice('params.'.length));
      if (!parameter.found) this.fail(`unknown parameter "${path}"`, at);
      const { value } = parameter;
      return typeof value === 'object' && value !== null ? { var: [path] } : value;
    }
    if (!Object.hasOwn(VARIABLES[scope], path)) {
      this.fail(`unknown variable "${path}"${scope === 'arrival' ? ' inside an iteration over arrivals' : ''}`, at);
    }
    this.factsRead.add(path);
    return { var: operands };
  }

  private compileIteration(operator: string, operands: unknown[], scope: Scope, at: string): LogicNode {
    this.checkArity(operator, operands.length, [2, 2], at);
    const source = this.compile(operands[0], scope, `${at}[0]`);
    if (!iteratesArrivals(source)) this.fail(`"${operator}" must iterate over { "var": "arrivals" } or a filter of it`, at);
    return { [operator]: [source, this.compile(operands[1], 'arrival', `${at}[1]`)] };
  }

  private compileColourOperation(operator: string, operands: unknown[], scope: Scope, at: string): LogicNode {
    const kinds = COLOUR_OPERATIONS[operator].operands;
    this.checkArity(operator, operands.length, [kinds.length, kinds.length], at);
    const compiled = operands.map((operand, index) => {
      const kind = kinds[index];
      const where = `${at}[${index}]`;
      const problem = `operand ${index + 1} of "${operator}" must be ${OPERAND_DESCRIPTIONS[kind]}`;
      if (kind === 'areaWindows' && !varPath(operand)?.startsWith('params.')) this.fail(problem, where);
      const value = this.compile(operand, scope, where);
      const path = varPath(value);
      if (path !== undefined && !path.startsWith('params.')) {
        const factKind = VARIABLES[scope][path];
        if (factKind !== kind) this.fail(`${problem}, got "${path}" (${factKind})`, where);
        return value;
      }
      if (path === undefined && !isLiteral(value)) return value; // computed by another operation: checked when it runs
      // Known now: a literal, or a parameter too big to fold (plain parameters arrive here folded, as literals).
      const known = path === undefined ? value : valueAt(this.parameters, path.slice('params.'.length)).value;
      const knownProblem = operandProblem(kind, known);
      if (knownProblem) this.fail(`${problem}, ${knownProblem}`, where);
      if (kind === 'areaWindows') precompileAreaWindows(known);
      if (kind !== 'instant') return value;
      const instant = instantOfText(known as string);
      this.literalInstants.add(instant);
      return instant;
    });
    return { [operator]: compiled };
  }

  /** Comparing the health status with a misspelt status would silently never match. */
  private checkStatusLiterals(operator: string, operands: unknown[], at: string): void {
    const isStatus = (operand: unknown) => varPath(operand) === 'health.status';
    let literals: unknown[] = [];
    if (operator === 'in' && isStatus(operands[0]) && Array.isArray(operands[1])) literals = operands[1];
    if (EQUALITIES.has(operator)) literals = operands.filter((operand, index) => isStatus(operands[1 - index]) && isLiteral(operand));
    for (const literal of literals) {
      if (literal !== null && !(HEALTH_STATUSES as readonly unknown[]).includes(literal)) {
        this.fail(`${JSON.stringify(literal)} is not a health status (${HEALTH_STATUSES.join(', ')})`, at);
      }
    }
  }
}

function iteratesArrivals(source: unknown): boolean {
  if (varPath(source) === 'arrivals') return true;
  return isPlainObject(source) && Array.isArray(source.filter) && iteratesArrivals(source.filter[0]);
}

/** Every date and every whole number in a parameter value. */
function collectParameterTimes(value: unknown, instants: Set<number>, numbers: Set<number>): void {
  if (typeof value === 'number') numbers.add(value);
  else if (isInstantText(value)) instants.add(instantOfText(value));
  else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) collectParameterTimes(item, instants, numbers);
  }
}

function interpolate(text: string, parameters: Parameters, ruleId: string): string {
  return text.replace(/\{(\w+)\}/g, (_placeholder, name: string) => {
    const value = Object.hasOwn(parameters, name) ? parameters[name] : undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new RuleSetError(`rule ${ruleId}: reason text names {${name}}, which is no string or number parameter`);
    }
    return String(value);
  });
}

function localise(reason: Reason, parameters: Parameters, ruleId: string): Reason {
  return Object.freeze({ code: reason.code, zh: interpolate(reason.zh, parameters, ruleId), en: interpolate(reason.en, parameters, ruleId) });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/** Zod's first complaint, naming the rule it is about when there is one. */
function describeIssue(json: unknown, issue: z.core.$ZodIssue): string {
  const [top, index, ...rest] = issue.path;
  const rules = isPlainObject(json) && Array.isArray(json.rules) ? json.rules : [];
  const rule: unknown = top === 'rules' && typeof index === 'number' ? rules[index] : undefined;
  if (isPlainObject(rule) && typeof rule.id === 'string') return `rule ${rule.id}: ${rest.join('.') || 'rule'}: ${issue.message}`;
  return `rule set: ${issue.path.join('.') || 'document'}: ${issue.message}`;
}

/**
 * Validates a rule set document and compiles it. Refuses, with a message naming the rule: unknown or refused
 * operators, malformed trees, wrong operand counts or kinds, variables that name no fact or parameter,
 * misspelt health statuses, duplicate rule ids or reason codes.
 */
export function loadRuleSet(json: unknown): RuleSet {
  const parsed = RULE_SET_DOCUMENT.safeParse(json);
  if (!parsed.success) throw new RuleSetError(describeIssue(json, parsed.error.issues[0]));
  const document = deepFreeze(parsed.data);
  const { parameters } = document;

  const validFromMs = Date.parse(document.validFrom);
  const validToMs = document.validTo === undefined ? Number.POSITIVE_INFINITY : Date.parse(document.validTo);
  if (validToMs <= validFromMs) throw new RuleSetError(`rule set ${document.id}: validTo must be after validFrom`);

  const codes = new Set([document.greenReason.code]);
  const ids = new Set<string>();
  const ruleSetInstants = new Set<number>();
  const numbers = new Set<number>();
  const compiled = document.rules.map((rule): CompiledRule => {
    if (ids.has(rule.id)) throw new RuleSetError(`rule ${rule.id}: duplicate rule id`);
    ids.add(rule.id);
    if (codes.has(rule.reason.code)) throw new RuleSetError(`rule ${rule.id}: reason code ${rule.reason.code} is used twice`);
    codes.add(rule.reason.code);
    const compiler = new RuleCompiler(rule.id, parameters, ruleSetInstants, numbers);
    const logic = compiler.compile(rule.logic, 'person', '') as Logic;
    const readsOnlyHealthStatus = [...compiler.factsRead].every((path) => path === 'health.status');
    return {
      id: rule.id,
      colour: rule.colour,
      reason: localise(rule.reason, parameters, rule.id),
      logic: deepFreeze(logic),
      readsOnlyHealthStatus,
      mayMatch: necessaryCondition(logic, parameters),
    };
  });
  const rules = [...compiled.filter((rule) => rule.colour === 'red'), ...compiled.filter((rule) => rule.colour === 'yellow')];

  collectParameterTimes(parameters, ruleSetInstants, numbers);
  const wholeNumbers = [...numbers].filter((number) => Number.isInteger(number) && number !== 0);
  const dayOffsets = [...new Set([0, ...wholeNumbers, ...wholeNumbers.map((number) => -number)])].sort((a, b) => a - b);
  const ruleSetCandidates: number[] = [];
  for (const instant of ruleSetInstants) pushCandidates(instant, dayOffsets, ruleSetCandidates);

  return {
    document,
    id: document.id,
    version: document.version,
    validFromMs,
    validToMs,
    rules,
    greenReason: localise(document.greenReason, parameters, 'green'),
    parameters,
    dayOffsets,
    ruleSetCandidates: [...new Set(ruleSetCandidates)].sort((a, b) => a - b),
    outcomes: new Map(),
    answersByStatus: rules.map((rule) => (rule.readsOnlyHealthStatus ? new Map() : null)),
  };
}

function describeValidity(ruleSet: RuleSet): string {
  return `${ruleSet.id}@${ruleSet.version} [${ruleSet.document.validFrom}, ${ruleSet.document.validTo ?? '…'})`;
}

/**
 * The rule set in force at an instant: valid from validFrom (included) to validTo (excluded). When several
 * are, the one that became valid last has replaced the others, so a new version needs no edit of the old.
 */
export function selectRuleSet(ruleSets: readonly RuleSet[], now: Date): RuleSet {
  const at = now.getTime();
  const valid = ruleSets.filter((ruleSet) => ruleSet.validFromMs <= at && at < ruleSet.validToMs);
  if (valid.length === 0) {
    throw new RuleSetError(`no colour rule set is valid at ${now.toISOString()}; known: ${ruleSets.map(describeValidity).join(', ') || 'none'}`);
  }
  const latestStart = Math.max(...valid.map((ruleSet) => ruleSet.validFromMs));
  const newest = valid.filter((ruleSet) => ruleSet.validFromMs === latestStart);
  if (newest.length > 1) {
    throw new RuleSetError(`colour rule sets ${newest.map(describeValidity).join(' and ')} both start at the same instant; which is in force is ambiguous`);
  }
  return newest[0];
}
