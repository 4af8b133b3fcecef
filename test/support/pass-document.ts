import type { PassDocument } from '../../cloudfunctions/shared/domain/pass';

/**
 * A `passes` document for pure unit tests: an active green pass of 张三 on account `o-owner`, issued at `at`,
 * no card. Override what the test is about.
 */
export function passDocument(overrides: Partial<PassDocument> = {}, at = new Date('2026-11-27T02:00:00Z')): PassDocument {
  return {
    _id: 'pass-1',
    personKey: 'person-1',
    openid: 'o-owner',
    name: '张三',
    nameMasked: '张*',
    idMasked: '1101**********0011',
    idSealed: 'sealed',
    origin: 'self',
    status: 'active',
    issuedAt: at,
    updatedAt: at,
    colour: { colour: 'green', reasons: [], ruleSet: { id: 'r', version: 1 }, since: at, nextChangeAt: null, evaluatedAt: at },
    photo: null,
    card: null,
    ...overrides,
  };
}
