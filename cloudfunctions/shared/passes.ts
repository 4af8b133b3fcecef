import { randomBytes } from 'node:crypto';
import type { ApplyResult, PassOrigin } from '../../typings/contract';
import { cloudbase, readInTransaction, runAtomically, type Database, type Transaction } from './cloudbase';
import { AppError } from './errors';
import { colourFromFacts, historyEntry } from './domain/colour-change';
import type { FactsDocument } from './domain/facts';
import { evaluateWithNextChange, selectRuleSet, SHIPPED_RULE_SETS, type PersonFacts } from './domain/colour';
import { maskName } from './domain/masking';
import { keptPhotoUrl, photoLink, PHOTO_LINK_SECONDS } from './domain/photo-link';
import {
  decideApplication,
  ID_SEAL_PURPOSE,
  passView,
  storedColour,
  type AccountDocument,
  type PassDocument,
  type PersonDocument,
  type PrintedCardRecord,
  type StoredColour,
} from './domain/pass';
import type { IdProtector } from './privacy';
import { COLLECTIONS } from './schema';

/** 16 random bytes, base64url: the opaque pass reference that codes carry. */
export function newPassId(): string {
  return randomBytes(16).toString('base64url');
}

const NO_FACTS: PersonFacts = { health: null, arrivals: [] };

/** The colour of a person the partner feeds know nothing about yet, under the rules in force. */
export function colourWithoutFacts(now: Date): StoredColour {
  return storedColour(evaluateWithNextChange(selectRuleSet(SHIPPED_RULE_SETS, now), NO_FACTS, now), now);
}

/** The pass a `persons` or `accounts` document points to, read in the transaction. */
export async function passOf(transaction: Transaction, link: { passId: string } | undefined): Promise<PassDocument | undefined> {
  return link ? readInTransaction<PassDocument>(transaction, COLLECTIONS.passes, link.passId) : undefined;
}

/** What a new pass is made of; the ID number is normalised (parseIdNumber) and `personKey` is its hash. */
export interface NewPass {
  personKey: string;
  idNumber: string;
  /** Normalised name (parsePersonName). */
  name: string;
  openid: string | null;
  origin: PassOrigin;
  card: PrintedCardRecord | null;
  now: Date;
}

/** A new pass document: the ID number only sealed and masked, the colour of a person with no facts yet. */
export function newPassDocument(protector: IdProtector, fields: NewPass): PassDocument {
  const { personKey, idNumber, name, openid, origin, card, now } = fields;
  return {
    _id: newPassId(),
    personKey,
    openid,
    name,
    nameMasked: maskName(name),
    idMasked: protector.mask(idNumber),
    idSealed: protector.encrypt(idNumber, ID_SEAL_PURPOSE),
    origin,
    status: 'active',
    issuedAt: now,
    updatedAt: now,
    colour: colourWithoutFacts(now),
    photo: null,
    card,
  };
}

/**
 * Stores a new pass with its person lock, and its account lock when an account holds it, in the caller's
 * transaction: if another pass for the same person or account got there first, the whole transaction fails.
 * What partner feeds already established about the person (records can arrive before anyone applies)
 * decides the colour and the photo; the stored pass is returned.
 */
export async function storeNewPass(transaction: Transaction, draft: PassDocument): Promise<PassDocument> {
  // Not issuedAt: an imported pass keeps the old system's issue date, while the locks are made now.
  const now = draft.updatedAt;
  const facts = await readInTransaction<FactsDocument>(transaction, COLLECTIONS.facts, draft.personKey);
  const pass: PassDocument = facts ? { ...draft, colour: colourFromFacts(facts, now), photo: facts.identity?.photo ?? null } : draft;
  await transaction.collection(COLLECTIONS.persons).add({ _id: pass.personKey, passId: pass._id, createdAt: now });
  if (pass.openid !== null) await transaction.collection(COLLECTIONS.accounts).add({ _id: pass.openid, passId: pass._id, boundAt: now });
  await transaction.collection(COLLECTIONS.passes).add(pass);
  await transaction.collection(COLLECTIONS.colourHistory).add(historyEntry(pass._id, undefined, pass.colour, 'issue', now));
  return pass;
}

export interface Application {
  openid: string;
  name: string;
  /** Normalised by parseIdNumber. */
  idNumber: string;
  now: Date;
}

export type ApplicationOutcome = ApplyResult | { refused: AppError };

const BUSY = () => new AppError('CONFLICT', '同时提交的申请较多，请稍后再试');

/**
 * Reads the account's and the person's passes and carries out the decision in ONE transaction, so that
 * concurrent applications cannot both win. A losing attempt reads again and answers from what the winner
 * stored (the same pass, or a refusal); only a crowd that keeps losing gets CONFLICT.
 */
export async function applyForPass(db: Database, protector: IdProtector, application: Application): Promise<ApplicationOutcome> {
  const personKey = protector.hash(application.idNumber);
  const applicant = { openid: application.openid, name: application.name, personKey };
  const { now } = application;
  return runAtomically(
    db,
    async (transaction): Promise<ApplicationOutcome> => {
      const account = await readInTransaction<AccountDocument>(transaction, COLLECTIONS.accounts, application.openid);
      const person = await readInTransaction<PersonDocument>(transaction, COLLECTIONS.persons, personKey);
      const state = { accountPass: await passOf(transaction, account), personPass: await passOf(transaction, person) };
      const decision = decideApplication(state, applicant);
      switch (decision.kind) {
        case 'refuse':
          return { refused: new AppError(decision.code, decision.message) };
        case 'existing':
          return { pass: passView(decision.pass, null), created: false, carriedOver: false };
        case 'carryOver': {
          await transaction.collection(COLLECTIONS.accounts).add({ _id: application.openid, passId: decision.pass._id, boundAt: now });
          await transaction.collection(COLLECTIONS.passes).doc(decision.pass._id).update({ openid: application.openid, updatedAt: now });
          return { pass: passView({ ...decision.pass, openid: application.openid }, null), created: false, carriedOver: true };
        }
        case 'create': {
          const pass = await storeNewPass(transaction, newPassDocument(protector, { ...application, personKey, origin: 'self', card: null }));
          return { pass: passView(pass, null), created: true, carriedOver: false };
        }
      }
    },
    BUSY,
  );
}

/**
 * The pass the caller's account holds, or NO_PASS saying what it is needed for (`then`, e.g. "再出示通行码").
 * The one place that answers a missing pass, so every action words it alike.
 */
export async function heldPass(db: Database, openid: string, then?: string): Promise<PassDocument> {
  const pass = await passOfAccount(db, openid);
  if (!pass) throw new AppError('NO_PASS', `您还没有申领通行证。请先用本人的姓名和身份证号码申领${then ? `，${then}` : ''}`);
  return pass;
}

/** The pass held by a WeChat account: one query on an indexed field, the one round trip of "show my pass". */
export async function passOfAccount(db: Database, openid: string): Promise<PassDocument | undefined> {
  const { data } = await db.collection(COLLECTIONS.passes).where({ openid }).limit(1).get();
  return (data as PassDocument[])[0];
}

/** A pass by its id (the reference codes carry, the id of its family document), read outside any transaction. */
export async function passById(db: Database, passId: string): Promise<PassDocument | undefined> {
  const { data } = await db.collection(COLLECTIONS.passes).doc(passId).get();
  return (data as PassDocument[])[0];
}

/**
 * A URL of the pass's photo that its viewer can load (clients may not read storage directly), or null when
 * none is on file. The link kept on the pass serves while it lives (photo-link.ts): no I/O, the usual case.
 * Otherwise storage signs a new one (one call) and it is kept on the pass (one write, awaited: a function
 * may be frozen once it has answered), so the person's next scans cost nothing more. Callers that find it
 * due at once each renew it; the last write wins, harmlessly. When storage fails the
 * photo is answered as none: a verdict or a pass without it beats no answer (as offline verification).
 */
export async function photoUrl(pass: PassDocument, at: { db: Database; now: Date }): Promise<string | null> {
  if (!pass.photo) return null;
  const kept = keptPhotoUrl(pass, at.now);
  if (kept !== undefined) return kept;
  const fileID = pass.photo;
  let url: string | undefined;
  try {
    const { fileList } = await cloudbase().getTempFileURL({ fileList: [{ fileID, maxAge: PHOTO_LINK_SECONDS }] });
    url = fileList[0]?.tempFileURL || undefined;
  } catch (error) {
    console.error(`[passes] no URL for a photo: ${error instanceof Error ? error.message : typeof error}`);
  }
  if (!url) return null;
  try {
    // Only while the pass still has this photo: a new one stored meanwhile keeps its link dropped.
    await at.db
      .collection(COLLECTIONS.passes)
      .where({ _id: pass._id, photo: fileID })
      .update({ photoLink: photoLink(fileID, url, at.now) });
  } catch (error) {
    console.error(`[passes] a photo link was not kept: ${error instanceof Error ? error.message : typeof error}`);
  }
  return url;
}
