import { createHash } from 'node:crypto';
import type { Colour, FollowUpView, VerdictKind } from '../../../typings/contract';
import { maskOpenid } from '../roles';

/**
 * The community follow-up list (随申码 guide: on meeting a yellow code, the community follows up): a guard
 * reports a yellow or red person with one tap, staff close the item with what was done.
 */

/** The `follow_ups` document; its id is derived from the reported scan, so one scan makes one follow-up. */
export interface FollowUpDocument {
  _id: string;
  status: 'open' | 'closed';
  createdAt: Date;
  /** The `scans` document reported. */
  scan: string;
  passRef: string;
  checkpointId: string;
  checkpointName: string;
  colour: Colour;
  nameMasked: string;
  reportedBy: string;
  note: string;
  closedAt: Date | null;
  closedBy: string | null;
  closingNote: string | null;
}

/** Only these verdicts are reported, with the colour they stand for (offline the phone's verdict says it). */
const REPORTED_COLOUR: Partial<Record<VerdictKind, Colour>> = { CAUTION: 'yellow', STOP: 'red' };

export function reportedColour(verdict: VerdictKind): Colour | undefined {
  return REPORTED_COLOUR[verdict];
}

/** An opaque id for the follow-up of a scan: stable (reporting twice finds the same), and it shows staff no openid. */
export function followUpIdOf(scanDocumentId: string): string {
  return createHash('sha256').update(`follow-up:${scanDocumentId}`).digest().subarray(0, 16).toString('base64url');
}

export function followUpView(followUp: FollowUpDocument): FollowUpView {
  return {
    followUpId: followUp._id,
    status: followUp.status,
    createdAt: followUp.createdAt.getTime(),
    checkpointName: followUp.checkpointName,
    colour: followUp.colour,
    nameMasked: followUp.nameMasked,
    reportedByMasked: maskOpenid(followUp.reportedBy),
    note: followUp.note,
    closedAt: followUp.closedAt?.getTime() ?? null,
    closingNote: followUp.closingNote,
  };
}
