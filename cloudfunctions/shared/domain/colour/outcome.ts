import type { Reason, RuleSet } from './ruleSet';

export type Colour = 'green' | 'yellow' | 'red';

/**
 * A person's colour under one rule set at one instant, with every reason for it (so the resident sees why).
 * Plain data, so that a caller can store it and lay a later decision over it (a staff override, say).
 * Shared and frozen: treat it as immutable.
 */
export interface ColourOutcome {
  readonly colour: Colour;
  /** The matching rules' reasons, red before yellow; the rule set's green reason when none matches. */
  readonly reasons: readonly Reason[];
  readonly ruleSet: { readonly id: string; readonly version: number };
}

export interface ColourOutcomeWithNextChange extends ColourOutcome {
  /** When the colour or the reasons next change by time alone (canonical UTC ISO), or null if never. */
  readonly nextChangeAt: string | null;
}

/** The outcome for a set of matching rules, given as a mask over `ruleSet.rules`, built once per mask. */
export function outcomeFor(ruleSet: RuleSet, matched: number): ColourOutcome {
  const known = ruleSet.outcomes.get(matched);
  if (known) return known;
  const matchingRules = ruleSet.rules.filter((_rule, index) => (matched & (1 << index)) !== 0);
  // Rules are sorted red first, so the first match decides: red > yellow > green.
  const outcome: ColourOutcome = Object.freeze({
    colour: matchingRules[0]?.colour ?? 'green',
    reasons: Object.freeze(matchingRules.length > 0 ? matchingRules.map((rule) => rule.reason) : [ruleSet.greenReason]),
    ruleSet: Object.freeze({ id: ruleSet.id, version: ruleSet.version }),
  });
  ruleSet.outcomes.set(matched, outcome);
  return outcome;
}
