import { evaluate, evaluateWithNextChange, selectRuleSet, SHIPPED_RULE_SETS, type Arrival, type HealthRecord, type HealthStatus, type PersonFacts } from '../../cloudfunctions/shared/domain/colour';
import { elapsedMs } from './stats';

/** Mulberry32: a small seeded generator, so every run measures the same population. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const DAY_MS = 86_400_000;
const NOW = new Date('2026-02-10T09:00:00+08:00');
/** Where most arrivals come from: Jiangsu, Zhejiang, Anhui, Beijing, Guangdong. */
const ORDINARY_REGIONS = ['320102', '320505', '330106', '330212', '340104', '110105', '440106', '440305'];
/** Inside the default set's key areas (Wuhan, Hubei, Wenzhou). */
const KEY_AREA_REGIONS = ['420102', '420106', '420202', '330302'];
const CLEARED: readonly HealthStatus[] = ['released', 'discharged', 'excluded'];
const RED: readonly HealthStatus[] = ['observation', 'observation', 'suspected', 'confirmed'];

/**
 * A city's worth of people as partner feeds describe them: most with no health record and no trip, some
 * who travelled (a few from key areas, most of those within the last two weeks), few under measures.
 */
function population(people: number, seed = 20_260_210): PersonFacts[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const daysAgo = (maxDays: number) => new Date(NOW.getTime() - random() * maxDays * DAY_MS).toISOString();
  return Array.from({ length: people }, () => {
    const roll = random();
    const health: HealthRecord | null =
      roll < 0.01 ? { status: pick(RED), effectiveAt: daysAgo(10) } : roll < 0.06 ? { status: pick(CLEARED), effectiveAt: daysAgo(60) } : null;
    const trips = random();
    const arrivals: Arrival[] = [];
    if (trips < 0.05) arrivals.push({ arrivedAt: daysAgo(20), fromRegion: pick(KEY_AREA_REGIONS) });
    if (trips < 0.35) {
      for (let count = 1 + Math.floor(random() * 2); count > 0; count -= 1) arrivals.push({ arrivedAt: daysAgo(30), fromRegion: pick(ORDINARY_REGIONS) });
    }
    return { health, arrivals };
  });
}

function perSecond(count: number, run: (facts: PersonFacts) => unknown, facts: readonly PersonFacts[]): number {
  // Warm-up, so the JIT has compiled the hot path before the clock runs.
  for (let index = 0; index < Math.min(facts.length, 20_000); index += 1) run(facts[index]);
  const start = process.hrtime.bigint();
  for (let index = 0; index < count; index += 1) run(facts[index]);
  return count / (elapsedMs(start) / 1000);
}

/**
 * Colour evaluations per second on this thread with the shipped rule set in force on 2026-02-10: `evaluate`
 * over the whole population, `evaluateWithNextChange` over a tenth of it (it evaluates again per candidate).
 */
export function measureColourRules(people = 1_000_000): { people: number; perSecond: number; withNextChangePerSecond: number } {
  const ruleSet = selectRuleSet(SHIPPED_RULE_SETS, NOW);
  const facts = population(people);
  return {
    people,
    perSecond: perSecond(people, (person) => evaluate(ruleSet, person, NOW), facts),
    withNextChangePerSecond: perSecond(Math.ceil(people / 10), (person) => evaluateWithNextChange(ruleSet, person, NOW), facts),
  };
}
