import { appendAudit } from './audit';
import { cardFont } from './card-font';
import { cloudbase, type Database } from './cloudbase';
import { refreshIfDue } from './colour-refresh';
import { auditEntry } from './domain/audit';
import type { PassDocument, PrintedCardRecord } from './domain/pass';
import { cardForAct } from './domain/printed-pass';
import { encodeToken, tokenUrl, type KeyRing, type TokenClaims } from './domain/token';
import { accepted, AppError } from './errors';
import { passById } from './passes';
import type { StaffAct } from './printed-passes';

/** How card tokens are made: deployment configuration. */
export interface CardSettings {
  keys: KeyRing;
  urlPrefix: string;
  lifetimeDays: number;
}

export interface PrintedCardFile {
  /** Temporary download URL of the PDF. */
  url: string;
  serial: number;
  /** When the card's code expires, epoch ms. */
  expiresAt: number;
}

/** Long enough to download and print at the counter; the file stays in storage for a later download. */
const DOWNLOAD_URL_SECONDS = 600;
const DAY_SECONDS = 86_400;

/**
 * The PDF of the pass's current card: a code of kind 'card' with the current serial (a reprint moves the serial
 * on, so the cards printed before it are refused online), stored at `cards/<passId>/<serial>.pdf`. Printing the
 * same serial again makes another copy of the same card. The print is audited before the URL leaves.
 */
export async function printCard(db: Database, passId: string, act: StaffAct, settings: CardSettings): Promise<PrintedCardFile> {
  const stored = await readPass(db, passId);
  const card = accepted(cardForAct(stored, 'print'));
  // The colour in the code is what an offline check shows: the current one, not one left stale by time.
  const pass = await refreshIfDue(db, stored, act.now);
  const claims = cardClaims(pass, card, act.now, settings.lifetimeDays);
  // Loaded on first print: pdf-lib, fontkit and the font would otherwise add to every cold start of the staff function.
  const { renderCardPdf } = await import('./domain/card-pdf');
  const font = await cardFont();
  const { pdf, photoPrinted } = await renderCardPdf({
    nameMasked: pass.nameMasked,
    idMasked: pass.idMasked,
    serial: card.serial,
    validFrom: new Date(claims.issuedAt * 1000),
    validUntil: new Date(claims.expiresAt * 1000),
    codeUrl: tokenUrl(settings.urlPrefix, encodeToken(claims, settings.keys.signing)),
    photo: await photoBytes(pass),
  }, font);

  const app = cloudbase();
  const { fileID } = await app.uploadFile({ cloudPath: `cards/${pass._id}/${card.serial}.pdf`, fileContent: Buffer.from(pdf) });
  const details = { serial: card.serial, expiresAt: new Date(claims.expiresAt * 1000).toISOString(), photo: photoPrinted };
  await appendAudit(db, auditEntry(act.actor, act.now, 'card.print', { kind: 'pass', id: pass._id }, act.reason, details));
  const { fileList } = await app.getTempFileURL({ fileList: [{ fileID, maxAge: DOWNLOAD_URL_SECONDS }] });
  const url = fileList[0]?.tempFileURL;
  if (!url) throw new Error(`no download URL for the card file (${fileList[0]?.code ?? 'empty answer'})`);
  return { url, serial: card.serial, expiresAt: claims.expiresAt * 1000 };
}

async function readPass(db: Database, passId: string): Promise<PassDocument> {
  const pass = await passById(db, passId);
  if (!pass) throw new AppError('NOT_FOUND', '找不到该通行证，请刷新后重新查询。');
  return pass;
}

function cardClaims(pass: PassDocument, card: PrintedCardRecord, now: Date, lifetimeDays: number): TokenClaims {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return { passRef: pass._id, issuedAt, expiresAt: issuedAt + lifetimeDays * DAY_SECONDS, colour: pass.colour.colour, kind: 'card', cardSerial: card.serial };
}

/** The photo on file, or null when there is none or it cannot be read: the card is printed without it then. */
async function photoBytes(pass: PassDocument): Promise<Uint8Array | null> {
  if (!pass.photo) return null;
  try {
    const { fileContent } = await cloudbase().downloadFile({ fileID: pass.photo });
    return Buffer.isBuffer(fileContent) ? fileContent : null;
  } catch (error) {
    console.error(`[cards] the photo of a pass could not be read: ${error instanceof Error ? error.message : typeof error}`);
    return null;
  }
}
