import { colourFromFacts, OVERRIDE_REASON, passColour } from './colour-change';
import { emptyFacts, type FactsDocument } from './facts';
import type { ColourOverride } from './pass';

const DAY = 86_400_000;
const NOW = new Date('2026-11-27T02:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

/** A person who arrived from a key area two days ago: yellow under the shipped rules, green 12 days from now. */
const travelled: FactsDocument = {
  ...emptyFacts('person-1', NOW),
  arrivals: { 't-1': { arrivedAt: new Date(NOW.getTime() - 2 * DAY).toISOString(), fromRegion: '330302' } },
};
const confirmed: FactsDocument = { ...travelled, health: { 'h-1': { status: 'confirmed', effectiveAt: NOW.toISOString() } } };

function override(changes: Partial<ColourOverride> = {}): ColourOverride {
  return { colour: 'green', reason: '核实为误报行程', expiresAt: later(5 * DAY), appealId: 'appeal-1', by: 'oStaff', at: NOW, over: 'yellow', ...changes };
}

describe('passColour: an accepted override over the rules', () => {
  const rules = colourFromFacts(travelled, NOW);

  test('without an override it is the rules', () => {
    expect(rules.colour).toBe('yellow');
    expect(passColour(travelled, NOW, { colour: rules })).toEqual(rules);
  });

  test('an unexpired override decides the colour, with its reason, until the earlier of its expiry and the rules’ next change', () => {
    const overridden = passColour(travelled, NOW, { colour: rules, override: override() });
    expect(overridden).toMatchObject({ colour: 'green', reasons: [OVERRIDE_REASON], since: NOW, nextChangeAt: later(5 * DAY) });
    const outlasting = passColour(travelled, NOW, { colour: rules, override: override({ expiresAt: later(20 * DAY) }) });
    expect(outlasting.nextChangeAt).toEqual(rules.nextChangeAt);
  });

  test('once expired, the rules again, since the moment it changed back', () => {
    const overridden = passColour(travelled, NOW, { colour: rules, override: override() });
    const expiry = later(5 * DAY);
    const back = passColour(travelled, expiry, { colour: overridden, override: override() });
    expect(back).toMatchObject({ colour: 'yellow', since: expiry });
    expect(back.reasons[0].code).toBe('KEY_AREA_ARRIVAL');
  });

  test('rules more severe than when the override was set win over it: a diagnosis after the decision', () => {
    const overridden = passColour(travelled, NOW, { colour: rules, override: override() });
    expect(passColour(confirmed, later(DAY), { colour: overridden, override: override() })).toMatchObject({ colour: 'red' });
    // Set over red (after a second approval), it holds over red rules.
    expect(passColour(confirmed, later(DAY), { colour: overridden, override: override({ over: 'red' }) }).colour).toBe('green');
  });
});
