import defaultRuleSet from '../../rules/default.json';
import { loadRuleSet, type RuleSet } from './ruleSet';

/** The rule sets this build ships (cloudfunctions/shared/rules/), loaded, so validated, when first imported. */
export const SHIPPED_RULE_SETS: readonly RuleSet[] = [loadRuleSet(defaultRuleSet)];
