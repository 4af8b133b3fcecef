import type { Colour, ColourReason, ErrorCode, PassOrigin, PassStatus, PassView, StaffPassView } from '../../../typings/contract';
import { maskOpenid } from '../roles';
import type { ColourOutcomeWithNextChange } from './colour';
import type { PhotoLink } from './photo-link';

/** A pass's colour as stored on the pass, so that showing a code costs one read. */
export interface StoredColour {
  colour: Colour;
  reasons: ColourReason[];
  ruleSet: { id: string; version: number };
  /** Since when the pass has had this colour. */
  since: Date;
  /** When time alone changes the outcome (a read after it recomputes), or null. */
  nextChangeAt: Date | null;
  evaluatedAt: Date;
}

/** The `passes` document. The ID number is only ever here sealed (AES-GCM) and masked. */
export interface PassDocument {
  _id: string;
  /** Keyed hash of the ID number; also the id of the `persons` document that locks one pass per person. */
  personKey: string;
  /** The WeChat account holding the pass; null for a printed pass not (yet) moved onto an account. */
  openid: string | null;
  /** Full name, shown masked except to staff. */
  name: string;
  nameMasked: string;
  idMasked: string;
  idSealed: string;
  origin: PassOrigin;
  status: PassStatus;
  issuedAt: Date;
  updatedAt: Date;
  colour: StoredColour;
  /** Cloud storage fileID of the photo on file (from the identity feed), or null. */
  photo: string | null;
  /** A temporary URL of `photo` kept for whoever is shown it (photo-link.ts); null or absent when none is kept. */
  photoLink?: PhotoLink | null;
  /** For passes carried over from an old system (南海通行证): what it said. */
  legacy?: { number: string; status: string; importedAt: Date };
  /**
   * The printed card currently valid, only ever on an active pass no account holds. Its serial is the one
   * source of truth for revocation: a card whose serial is not this one is revoked; null revokes every card.
   */
  card: PrintedCardRecord | null;
  /**
   * The serial of the card the last cancellation revoked, if the pass had one: a card given on restoring the
   * pass continues after it, so the revoked card stays revoked. Absent on passes cancelled before it was kept.
   */
  cancelledCardSerial?: number;
  /** The last colour staff set on an accepted appeal; it wins over the rules until it expires (passColour). */
  override?: ColourOverride;
}

/** A colour laid over the rules' outcome by an accepted appeal. */
export interface ColourOverride {
  colour: Colour;
  /** Why, as staff said it (also in the audit log). */
  reason: string;
  expiresAt: Date;
  appealId: string;
  /** Who decided it and when it took effect. */
  by: string;
  at: Date;
  /** The rules' colour when it took effect: rules that turn more severe than this win over it (a new diagnosis). */
  over: Colour;
}

export interface PrintedCardRecord {
  serial: number;
  printedAt: Date;
}

export interface PersonDocument {
  _id: string;
  passId: string;
  createdAt: Date;
}

export interface AccountDocument {
  _id: string;
  passId: string;
  boundAt: Date;
}

/** The purpose bound into the sealed ID number, so a sealed value cannot be moved to another field. */
export const ID_SEAL_PURPOSE = 'passes.idSealed';

/** The colour to store for a rule outcome; `since` carries over while the colour stays the same. */
export function storedColour(outcome: ColourOutcomeWithNextChange, now: Date, previous?: StoredColour): StoredColour {
  return {
    colour: outcome.colour,
    reasons: outcome.reasons.map(({ code, zh, en }) => ({ code, zh, en })),
    ruleSet: { id: outcome.ruleSet.id, version: outcome.ruleSet.version },
    since: previous && previous.colour === outcome.colour ? previous.since : now,
    nextChangeAt: outcome.nextChangeAt === null ? null : new Date(outcome.nextChangeAt),
    evaluatedAt: now,
  };
}

export function passView(pass: PassDocument, photoUrl: string | null): PassView {
  return {
    passId: pass._id,
    nameMasked: pass.nameMasked,
    idMasked: pass.idMasked,
    photoUrl,
    colour: pass.colour.colour,
    reasons: pass.colour.reasons,
    colourSince: pass.colour.since.getTime(),
    nextChangeAt: pass.colour.nextChangeAt?.getTime() ?? null,
    status: pass.status,
    origin: pass.origin,
    issuedAt: pass.issuedAt.getTime(),
  };
}

/** A pass as staff at the counter see it: the full name, the holder account masked, the valid card. */
export function staffPassView(pass: PassDocument): StaffPassView {
  return {
    ...passView(pass, null),
    name: pass.name,
    accountMasked: pass.openid === null ? null : maskOpenid(pass.openid),
    card: pass.card ? { serial: pass.card.serial, printedAt: pass.card.printedAt.getTime() } : null,
    legacyNumber: pass.legacy?.number ?? null,
  };
}

/** What the database holds for an application: the caller account's pass and this person's pass. */
export interface ApplicationState {
  accountPass: PassDocument | undefined;
  personPass: PassDocument | undefined;
}

export interface Applicant {
  openid: string;
  /** Normalised name (parsePersonName). */
  name: string;
  personKey: string;
}

export type ApplicationDecision =
  | { kind: 'existing'; pass: PassDocument }
  | { kind: 'create' }
  | { kind: 'carryOver'; pass: PassDocument }
  | { kind: 'refuse'; code: ErrorCode; message: string };

/** Refusals that tell the caller something about a person other than themselves: these are rate limited. */
export const REVEALING_REFUSALS: ReadonlySet<ErrorCode> = new Set(['ID_BOUND_TO_OTHER_ACCOUNT', 'ID_HAS_PRINTED_PASS', 'NAME_INVALID']);

/**
 * One pass per WeChat account and one per person. Pure: the caller reads the state inside a transaction and
 * carries out the decision in the same transaction, so concurrent applications cannot both win.
 */
export function decideApplication(state: ApplicationState, applicant: Applicant): ApplicationDecision {
  const { accountPass, personPass } = state;
  if (accountPass) {
    if (accountPass.personKey === applicant.personKey) return { kind: 'existing', pass: accountPass };
    return {
      kind: 'refuse',
      code: 'ACCOUNT_HAS_PASS',
      message: '此微信号已申领过通行证。一个微信号只能申领一次，请勿借用自己的微信号为他人申领；家人可用自己的微信申领。',
    };
  }
  if (!personPass) return { kind: 'create' };
  if (personPass.openid === applicant.openid) return { kind: 'existing', pass: personPass };
  if (personPass.openid !== null) {
    return {
      kind: 'refuse',
      code: 'ID_BOUND_TO_OTHER_ACCOUNT',
      message: '该身份证号码的通行证已绑定其他微信号。如果不是您本人操作，请通过"我要申诉"反映，或携带身份证到社区办理换绑。',
    };
  }
  // Staff cancelled it (moved away, say): the person keeps this one pass, and staff restore it at the counter
  // (then move it onto this account). As revealing as the printed-pass answer, so it shares its code and limit.
  if (personPass.status === 'cancelled') {
    return {
      kind: 'refuse',
      code: 'ID_HAS_PRINTED_PASS',
      message: '您的通行证已被注销。如需恢复，请携带身份证到社区办理，恢复后可由工作人员转到您的微信号上。',
    };
  }
  // An imported pass that staff gave a card is a printed pass now: moved onto an account at the counter only.
  if (personPass.origin === 'migrated' && !personPass.card) {
    if (personPass.name !== applicant.name) {
      return { kind: 'refuse', code: 'NAME_INVALID', message: '姓名与原通行证登记的姓名不一致，请核对后重新填写，或到社区核实。' };
    }
    return { kind: 'carryOver', pass: personPass };
  }
  return {
    kind: 'refuse',
    code: 'ID_HAS_PRINTED_PASS',
    message: '社区已为您办理纸质通行证。如需改用微信出示，请携带身份证到社区，由工作人员转到您的微信号上。',
  };
}
