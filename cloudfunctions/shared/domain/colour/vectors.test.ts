import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { evaluate, evaluateWithNextChange } from './evaluate';
import { PERSON_FACTS } from './facts';
import { loadRuleSet } from './ruleSet';
import { SHIPPED_RULE_SETS } from './shipped';

/** Every rule set in cloudfunctions/shared/rules/ against its golden vectors (NAME.json ↔ NAME.vectors.json). */
const RULES_DIR = path.join(__dirname, '..', '..', 'rules');

const VECTORS = z.strictObject({
  ruleSet: z.string(),
  version: z.int(),
  cases: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        facts: z.unknown(),
        now: z.iso.datetime({ offset: true }),
        expect: z.strictObject({
          colour: z.enum(['green', 'yellow', 'red']),
          reasons: z.array(z.string()).min(1),
          nextChangeAt: z.iso.datetime().nullable(),
        }),
      }),
    )
    .min(1),
});

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(RULES_DIR, file), 'utf8'));
}

const ruleSetFiles = fs.readdirSync(RULES_DIR).filter((file) => file.endsWith('.json') && !file.endsWith('.vectors.json'));

test('the rules folder holds the default rule set, and every shipped set comes from the folder', () => {
  expect(ruleSetFiles).toContain('default.json');
  expect(SHIPPED_RULE_SETS).toHaveLength(ruleSetFiles.length);
});

describe.each(ruleSetFiles)('rule set %s', (file) => {
  const ruleSet = loadRuleSet(readJson(file));
  const vectors = VECTORS.parse(readJson(file.replace(/\.json$/, '.vectors.json')));

  test('is shipped, and its vectors are for this id and version', () => {
    expect(SHIPPED_RULE_SETS.map((shipped) => `${shipped.id}@${shipped.version}`)).toContain(`${ruleSet.id}@${ruleSet.version}`);
    expect(`${vectors.ruleSet}@${vectors.version}`).toBe(`${ruleSet.id}@${ruleSet.version}`);
  });

  test('vector names are unique and every vector falls inside the validity of the set', () => {
    expect(new Set(vectors.cases.map((vector) => vector.name)).size).toBe(vectors.cases.length);
    for (const vector of vectors.cases) {
      const at = Date.parse(vector.now);
      expect(at >= ruleSet.validFromMs && at < ruleSet.validToMs).toBe(true);
    }
  });

  test.each(vectors.cases.map((vector) => [vector.name, vector] as const))('%s', (_name, vector) => {
    const facts = PERSON_FACTS.parse(vector.facts);
    const now = new Date(vector.now);
    const outcome = evaluateWithNextChange(ruleSet, facts, now);
    expect({ colour: outcome.colour, reasons: outcome.reasons.map((reason) => reason.code), nextChangeAt: outcome.nextChangeAt }).toEqual(vector.expect);
    const { nextChangeAt: _nextChangeAt, ...withoutNextChange } = outcome;
    expect(evaluate(ruleSet, facts, now)).toEqual(withoutNextChange);
  });

  test('every rule is hit by at least one vector, and so is the green reason', () => {
    const expectedCodes = new Set(vectors.cases.flatMap((vector) => vector.expect.reasons));
    const unhit = [...ruleSet.rules.map((rule) => rule.reason.code), ruleSet.greenReason.code].filter((code) => !expectedCodes.has(code));
    expect(unhit).toEqual([]);
  });
});
