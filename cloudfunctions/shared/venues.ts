import { randomBytes } from 'node:crypto';
import type { VenueView } from '../../typings/contract';
import { appendAudit } from './audit';
import { cardFont } from './card-font';
import { cloudbase, runTransaction, type Database } from './cloudbase';
import { auditEntry } from './domain/audit';
import type { PassDocument } from './domain/pass';
import { AppError } from './errors';
import type { StaffAct } from './printed-passes';
import { COLLECTIONS } from './schema';
import type { MiniProgramCodeMaker } from './wechat';

/** A venue or checkpoint with a poster (场所码). Its id is the scene of its mini-program code. */
export interface VenueDocument {
  _id: string;
  name: string;
  district: string;
  address: string | null;
  checkpointId: string | null;
  registeredAt: Date;
  registeredBy: string;
  /** The stored poster, made on the first request for it. */
  poster: { fileId: string; madeAt: Date } | null;
}

/** A resident's check-in at a venue, kept RETENTION_DAYS.checkIns (domain/retention.ts) for tracing contacts, then swept. */
export interface CheckInDocument {
  venueId: string;
  venueName: string;
  passId: string;
  openid: string;
  at: Date;
}

/** The page a venue's code opens: the resident's own code, which the guard at the entrance looks at. */
export const VENUE_CODE_PAGE = 'pages/code/index';
/** The largest WeChat draws: the poster prints it 14 cm wide. */
const CODE_WIDTH = 1280;
const DOWNLOAD_URL_SECONDS = 600;

/** 11 characters of base64url: inside the scene alphabet, far below its 32, and unguessable. */
const newVenueId = () => randomBytes(8).toString('base64url');

export function venueView(venue: VenueDocument): VenueView {
  const { _id, name, district, address, checkpointId, registeredAt, poster } = venue;
  return { venueId: _id, name, district, address, checkpointId, registeredAt: registeredAt.getTime(), posterReady: poster !== null };
}

export async function registerVenue(
  db: Database,
  act: StaffAct,
  details: { name: string; district: string; address?: string; checkpointId?: string },
): Promise<VenueDocument> {
  const venue: VenueDocument = {
    _id: newVenueId(),
    name: details.name,
    district: details.district,
    address: details.address ?? null,
    checkpointId: details.checkpointId ?? null,
    registeredAt: act.now,
    registeredBy: act.actor.openid,
    poster: null,
  };
  const { _id, ...fields } = venue;
  await runTransaction(db, async (transaction) => {
    await transaction.collection(COLLECTIONS.venues).doc(_id).set(fields);
    await appendAudit(transaction, auditEntry(act.actor, act.now, 'venue.register', { kind: 'venue', id: _id }, act.reason, { name: venue.name, district: venue.district }));
  });
  return venue;
}

export async function readVenue(db: Database, venueId: string): Promise<VenueDocument | undefined> {
  const { data } = await db.collection(COLLECTIONS.venues).doc(venueId).get();
  return (data as VenueDocument[])[0];
}

/**
 * A download URL of the venue's poster. The poster is made once and stored at `venues/<id>/<madeAt>.pdf`: WeChat
 * draws at most 5,000 codes a minute, and a poster put up on a wall must stay the one in storage. Two first
 * requests at once may both draw one; the first stored wins and the other removes its file.
 */
export async function venuePosterUrl(db: Database, venueId: string, codeMaker: MiniProgramCodeMaker, now: Date): Promise<string> {
  const venue = await readVenue(db, venueId);
  if (!venue) throw new AppError('NOT_FOUND', '找不到该场所，请刷新后重试。');
  const fileId = venue.poster?.fileId ?? (await storePoster(db, venue, codeMaker, now));
  const { fileList } = await cloudbase().getTempFileURL({ fileList: [{ fileID: fileId, maxAge: DOWNLOAD_URL_SECONDS }] });
  const url = fileList[0]?.tempFileURL;
  if (!url) throw new Error(`no download URL for the poster (${fileList[0]?.code ?? 'empty answer'})`);
  return url;
}

async function storePoster(db: Database, venue: VenueDocument, codeMaker: MiniProgramCodeMaker, now: Date): Promise<string> {
  const code = await codeMaker.make({ scene: venue._id, page: VENUE_CODE_PAGE, width: CODE_WIDTH });
  // Loaded on first use, like the printed card: pdf-lib and the font stay out of the staff function's cold start.
  const { renderVenuePoster } = await import('./domain/venue-poster');
  const pdf = await renderVenuePoster({ name: venue.name, district: venue.district, address: venue.address, code, madeAt: now }, await cardFont());
  const app = cloudbase();
  const { fileID } = await app.uploadFile({ cloudPath: `venues/${venue._id}/${now.getTime()}.pdf`, fileContent: Buffer.from(pdf) });
  const { updated } = await db.collection(COLLECTIONS.venues).where({ _id: venue._id, poster: null }).update({ poster: { fileId: fileID, madeAt: now } });
  if (updated === 1) return fileID;
  await app.deleteFile({ fileList: [fileID] });
  const stored = (await readVenue(db, venue._id))?.poster;
  if (!stored) throw new Error('the venue lost its poster while one was being stored');
  return stored.fileId;
}

/** Records that the pass's holder entered the venue. It writes nothing of the pass: a check-in never changes a colour. */
export async function checkIn(db: Database, pass: PassDocument, openid: string, scene: string, now: Date): Promise<CheckInDocument> {
  const venue = await readVenue(db, scene);
  if (!venue) throw new AppError('NOT_FOUND', '未能识别此场所码，请向场所工作人员确认。');
  const record: CheckInDocument = { venueId: venue._id, venueName: venue.name, passId: pass._id, openid, at: now };
  await db.collection(COLLECTIONS.checkIns).add(record);
  return record;
}
