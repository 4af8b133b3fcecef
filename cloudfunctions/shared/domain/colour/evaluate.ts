import jsonLogic from 'json-logic-js';
import { pushCandidates } from './candidates';
import type { Arrival, HealthRecord, PersonFacts } from './facts';
import { outcomeFor, type ColourOutcome, type ColourOutcomeWithNextChange } from './outcome';
import type { CompiledRule, Parameters, RuleSet } from './ruleSet';
import { parseInstant } from './time';

/**
 * What the rules read: the facts as they are (dates stay strings, read by the operations that need them, so
 * a date no rule looks at is never parsed), `now` in epoch milliseconds, the parameters as `params`.
 * JsonLogic hands an iteration only the element as data, so each arrival also carries the person-level names;
 * they move together when the clock does (setNow).
 */
interface ArrivalData extends Arrival {
  now: number;
  health: HealthRecord | null;
  params: Parameters;
}

interface PersonData {
  now: number;
  health: HealthRecord | null;
  arrivals: ArrivalData[];
  params: Parameters;
}

function prepare(ruleSet: RuleSet, { health, arrivals }: PersonFacts, now: number): PersonData {
  const params = ruleSet.parameters;
  return { now, health, arrivals: arrivals.map(({ arrivedAt, fromRegion }) => ({ arrivedAt, fromRegion, now, health, params })), params };
}

function setNow(data: PersonData, now: number): void {
  data.now = now;
  for (const arrival of data.arrivals) arrival.now = now;
}

function matches(rule: CompiledRule, data: PersonData): boolean {
  try {
    return jsonLogic.truthy(jsonLogic.apply(rule.logic, data));
  } catch (error) {
    throw new Error(`rule ${rule.id}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Mask over ruleSet.rules of the rules that match. */
function matchingRules(ruleSet: RuleSet, data: PersonData): number {
  const { rules, answersByStatus } = ruleSet;
  const status = data.health?.status ?? null;
  let matched = 0;
  for (let index = 0; index < rules.length; index += 1) {
    const remembered = answersByStatus[index];
    let answer = remembered?.get(status);
    if (answer === undefined) {
      const rule = rules[index];
      answer = (rule.mayMatch === null || rule.mayMatch(data)) && matches(rule, data);
      remembered?.set(status, answer);
    }
    if (answer) matched |= 1 << index;
  }
  return matched;
}

function epochMs(now: Date): number {
  const ms = now.getTime();
  if (Number.isNaN(ms)) throw new RangeError('colour evaluation needs a valid instant for now');
  return ms;
}

/**
 * The colour of a person at `now` and why. Facts must have passed PERSON_FACTS (feeds and storage parse
 * them); nothing here validates them again, this is the hot path.
 */
export function evaluate(ruleSet: RuleSet, facts: PersonFacts, now: Date): ColourOutcome {
  const nowMs = epochMs(now);
  return outcomeFor(ruleSet, matchingRules(ruleSet, prepare(ruleSet, facts, nowMs)));
}

/** Candidate instants after now, ascending and distinct; between two of them the outcome is constant. */
function candidatesAfter(ruleSet: RuleSet, data: PersonData, now: number): number[] {
  const candidates: number[] = [];
  if (data.health) pushCandidates(parseInstant(data.health.effectiveAt), ruleSet.dayOffsets, candidates);
  for (const arrival of data.arrivals) pushCandidates(parseInstant(arrival.arrivedAt), ruleSet.dayOffsets, candidates);
  const fromRuleSet = ruleSet.ruleSetCandidates;
  let first = fromRuleSet.length;
  for (let low = 0; low < first; ) {
    const middle = (low + first) >>> 1;
    if (fromRuleSet[middle] > now) first = middle;
    else low = middle + 1;
  }
  for (let index = first; index < fromRuleSet.length; index += 1) candidates.push(fromRuleSet[index]);
  return [...new Set(candidates.filter((candidate) => candidate > now))].sort((a, b) => a - b);
}

/**
 * `evaluate`, plus the first instant after `now` at which the outcome changes by time alone. Rather than
 * knowing each rule, it tries every candidate instant in order (see candidates.ts): every date in the facts
 * and the rule set, each shifted by every day count, at millisecond and Asia/Shanghai day granularity.
 *
 * Assumption: between two consecutive candidates every rule is constant, which holds when rules compare
 * `now` only through before/after/days_between with dates of the facts or the rule set, and day counts
 * written as parameters or literals (a day count computed by arithmetic would escape the candidates).
 * The tests check it on the shipped rule sets.
 */
export function evaluateWithNextChange(ruleSet: RuleSet, facts: PersonFacts, now: Date): ColourOutcomeWithNextChange {
  const nowMs = epochMs(now);
  const data = prepare(ruleSet, facts, nowMs);
  const matched = matchingRules(ruleSet, data);
  let nextChangeAt: string | null = null;
  for (const candidate of candidatesAfter(ruleSet, data, nowMs)) {
    setNow(data, candidate);
    if (matchingRules(ruleSet, data) !== matched) {
      nextChangeAt = new Date(candidate).toISOString();
      break;
    }
  }
  return { ...outcomeFor(ruleSet, matched), nextChangeAt };
}
