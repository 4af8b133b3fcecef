import { maskOpenid } from '../roles';
import type { AuditDetails, AuditEntry } from './audit';
import { isNormalisedIdNumber } from './id-number';
import { NAME_PART_DOT } from './person-name';

/**
 * Display forms that let a person or a guard recognise an identity without disclosing it. Each hidden
 * character becomes one asterisk, so the length stays visible, as on 随申码 and bank statements.
 */
const MASK = '*';
const ID_VISIBLE_PREFIX = 4;
const ID_VISIBLE_SUFFIX = 4;

/** 110101190001010014 -> 1101**********0014. Only a normalised number is accepted, so nothing odd leaks. */
export function maskIdNumber(id18: string): string {
  if (!isNormalisedIdNumber(id18)) throw new RangeError('maskIdNumber expects a normalised 18-character ID number');
  const hidden = id18.length - ID_VISIBLE_PREFIX - ID_VISIBLE_SUFFIX;
  return id18.slice(0, ID_VISIBLE_PREFIX) + MASK.repeat(hidden) + id18.slice(-ID_VISIBLE_SUFFIX);
}

/** Characters that split a name into parts; they stay visible so the shape of the name is kept. */
const PART_SEPARATORS: ReadonlySet<string> = new Set([' ', '-', "'", NAME_PART_DOT]);
const HAN_CHARACTER = /\p{Unified_Ideograph}/u;

/**
 * Masks a name (as parsePersonName returns it), counting code points:
 * - a Chinese name in one part keeps its first character, and its last one from three characters on:
 *   张三 -> 张*, 张小三 -> 张*三, 欧阳小锋 -> 欧**锋 (compound surnames are not guessed: the first character only);
 * - any name in several parts (minority names joined by ·, Latin names split by space, hyphen or apostrophe)
 *   keeps the first character of each part and the separators: 买买提·艾力 -> 买**·艾*, John Smith -> J*** S****.
 *   Keeping every part's last character too would reveal far more of a long minority name than of a Han one.
 */
export function maskName(name: string): string {
  const characters = [...name];
  const isSinglePartHan = !characters.some((character) => PART_SEPARATORS.has(character)) && characters.some((character) => HAN_CHARACTER.test(character));
  const lastIndex = characters.length - 1;
  return characters
    .map((character, index) => {
      const startsPart = index === 0 || PART_SEPARATORS.has(characters[index - 1]);
      const endsHanName = isSinglePartHan && index === lastIndex && index >= 2;
      return PART_SEPARATORS.has(character) || startsPart || endsHanName ? character : MASK;
    })
    .join('');
}

/** Audit details that name an account by its full openid (stored so): a pass moved or rebound, an appeal's decider. */
const ACCOUNT_DETAILS: ReadonlySet<string> = new Set(['fromAccount', 'toAccount', 'decidedBy']);

/**
 * An audit entry's target and details as staff read them: every account named by its openid masked as the actor
 * is (maskOpenid): the target account of a role granted or revoked, the accounts in the details. The stored entry
 * keeps them whole, so filtering by a full openid (targetId) still finds it.
 */
export function maskAuditAccounts({ target, details }: Pick<AuditEntry, 'target' | 'details'>): Pick<AuditEntry, 'target' | 'details'> {
  const masked: AuditDetails = {};
  for (const [key, value] of Object.entries(details)) masked[key] = ACCOUNT_DETAILS.has(key) && typeof value === 'string' ? maskOpenid(value) : value;
  return { target: target.kind === 'account' ? { kind: target.kind, id: maskOpenid(target.id) } : target, details: masked };
}
