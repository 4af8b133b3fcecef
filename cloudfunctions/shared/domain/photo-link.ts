/**
 * The temporary URL of a pass's photo, kept on the pass: clients may read nothing from storage directly
 * (docs/operations.md §6), so whoever is shown the photo gets a URL that storage signed, and keeping it
 * means the usual scan asks storage for nothing.
 */
import type { PassDocument } from './pass';

/**
 * How long a new photo URL is asked to live. The URL is a bearer link: anyone who holds it (every guard who
 * scans the person meanwhile, their phone's image cache, whoever they forward it to) can load the photo
 * until it expires, and nothing revokes it short of deleting the file. Two hours, the platform's default,
 * serves one outing's scans (home gate, metro, office) with one link, and a leaked link dies within hours.
 */
export const PHOTO_LINK_SECONDS = 2 * 60 * 60;

/**
 * A kept link is handed out only while it has at least this long to live: the guard's screen loads the
 * image a little after the answer, may keep it open a while, and its clock may differ from the server's.
 */
export const PHOTO_LINK_MARGIN_MS = 10 * 60 * 1000;

export interface PhotoLink {
  /** The photo the URL shows: a link kept for another photo is never handed out. */
  fileID: string;
  url: string;
  /** When storage stops serving the URL. */
  until: Date;
}

/** The kept URL of the photo on file when it lives at least PHOTO_LINK_MARGIN_MS past `now`; else undefined. */
export function keptPhotoUrl(pass: Pick<PassDocument, 'photo' | 'photoLink'>, now: Date): string | undefined {
  const link = pass.photoLink;
  if (!pass.photo || !link || link.fileID !== pass.photo) return undefined;
  return link.until.getTime() - now.getTime() >= PHOTO_LINK_MARGIN_MS ? link.url : undefined;
}

/** The link to keep for `url`, asked for at `askedAt`: timed from before the request, it never outlives the URL. */
export function photoLink(fileID: string, url: string, askedAt: Date): PhotoLink {
  return { fileID, url, until: new Date(askedAt.getTime() + PHOTO_LINK_SECONDS * 1000) };
}

/** The fields that set a pass's photo: a new photo drops the link kept for the old one. */
export function photoFields(photo: string | null): Pick<PassDocument, 'photo' | 'photoLink'> {
  return { photo, photoLink: null };
}
