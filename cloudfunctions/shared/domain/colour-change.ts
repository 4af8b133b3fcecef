import type { Colour, ColourHistoryEntry, ColourReason } from '../../../typings/contract';
import { evaluateWithNextChange, selectRuleSet, SHIPPED_RULE_SETS } from './colour';
import { personFacts, type FactsDocument } from './facts';
import { storedColour, type ColourOverride, type StoredColour } from './pass';

/** What made a colour change: a partner record of a source, time alone, a staff decision, or the first issue. */
export type ColourCause = 'issue' | 'feed:health' | 'feed:travel' | 'feed:identity' | 'time' | 'override';

/** One entry of a pass's colour history: what the resident sees, never the raw partner record. */
export interface ColourHistoryDocument {
  passId: string;
  at: Date;
  from: Colour | null;
  to: Colour;
  reasons: ColourReason[];
  cause: ColourCause;
}

/** The colour the rules in force give these facts now, keeping `since` while the colour stays. */
export function colourFromFacts(facts: FactsDocument | undefined, now: Date, previous?: StoredColour): StoredColour {
  return storedColour(evaluateWithNextChange(selectRuleSet(SHIPPED_RULE_SETS, now), personFacts(facts), now), now, previous);
}

const SEVERITY: Record<Colour, number> = { green: 0, yellow: 1, red: 2 };

/** What the resident reads while an override holds; the reply to their appeal says why. */
export const OVERRIDE_REASON: ColourReason = { code: 'STAFF_REVIEW', zh: '经工作人员复核（申诉已通过）', en: 'Set by staff on review of an appeal' };

/** Whether an override decides the colour now: unexpired, and the rules no more severe than when it was set. */
function overrideHolds(override: ColourOverride | undefined, rulesColour: Colour, now: Date): override is ColourOverride {
  return !!override && override.expiresAt.getTime() > now.getTime() && SEVERITY[rulesColour] <= SEVERITY[override.over];
}

/**
 * The colour of a pass: the rules' outcome, with an accepted appeal's override laid over it while it holds.
 * The next change is the earlier of the rules' next change and the override's expiry, so the read path and
 * the sweep bring the rules back when it expires. Every recomputation of an existing pass goes through here.
 */
export function passColour(facts: FactsDocument | undefined, now: Date, pass: { colour: StoredColour; override?: ColourOverride }): StoredColour {
  const rules = colourFromFacts(facts, now, pass.colour);
  const { override } = pass;
  if (!overrideHolds(override, rules.colour, now)) return rules;
  const expiry = override.expiresAt;
  return {
    ...rules,
    colour: override.colour,
    reasons: [OVERRIDE_REASON],
    since: pass.colour.colour === override.colour ? pass.colour.since : now,
    nextChangeAt: rules.nextChangeAt && rules.nextChangeAt.getTime() < expiry.getTime() ? rules.nextChangeAt : expiry,
  };
}

/** A change worth a history entry and a notice: another colour, or the same colour for other reasons. */
export function isVisibleChange(previous: StoredColour | undefined, next: StoredColour): boolean {
  if (!previous) return true;
  if (previous.colour !== next.colour) return true;
  const codes = (colour: StoredColour) => colour.reasons.map((reason) => reason.code).join(',');
  return codes(previous) !== codes(next);
}

const CAUSE_WORDS: Record<ColourCause, string> = {
  issue: '申领通行证',
  'feed:health': '卫生健康部门数据',
  'feed:travel': '行程数据',
  'feed:identity': '公安身份数据',
  time: '到期自动更新',
  override: '工作人员复核',
};

/** The history as the holder sees it: the cause in words, never which partner record caused it. */
export function historyView(entry: ColourHistoryDocument): ColourHistoryEntry {
  return { at: entry.at.getTime(), from: entry.from, to: entry.to, reasons: entry.reasons, source: CAUSE_WORDS[entry.cause] };
}

export function historyEntry(passId: string, previous: StoredColour | undefined, next: StoredColour, cause: ColourCause, now: Date): ColourHistoryDocument {
  return { passId, at: now, from: previous?.colour ?? null, to: next.colour, reasons: next.reasons, cause };
}
