/**
 * The colour engine (issue 4): rule sets as JSON data, evaluated with JsonLogic at an explicit clock.
 * Pure: no SDK, no clock; callers pass `now` and store the outcome with its nextChangeAt.
 */
export { ARRIVAL, HEALTH_RECORD, HEALTH_STATUSES, PERSON_FACTS, type Arrival, type HealthRecord, type HealthStatus, type PersonFacts } from './facts';
export { evaluate, evaluateWithNextChange } from './evaluate';
export type { Colour, ColourOutcome, ColourOutcomeWithNextChange } from './outcome';
export { loadRuleSet, selectRuleSet, RuleSetError, RULE_SET_DOCUMENT, type Reason, type RuleSet, type RuleSetDocument } from './ruleSet';
export { SHIPPED_RULE_SETS } from './shipped';
