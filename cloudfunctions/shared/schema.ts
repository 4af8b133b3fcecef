/**
 * Every collection of the Tongxing database, declared once. The local emulator creates them from this
 * file and the deployment setup (`npm run setup:cloud`) will create the same collections, indexes and
 * security rules in a CloudBase environment.
 */

import { RETENTION_DAYS } from './domain/retention';

/** CloudBase's simple security presets; clients never touch our collections, so we only use ADMINONLY. */
export type SecurityRule = 'ADMINONLY';

export interface IndexSpec {
  /** Index name as shown in the CloudBase console (letters, digits, underscore). */
  name: string;
  /** Field paths (dotted for nested fields) with direction, in order. */
  keys: ReadonlyArray<{ field: string; direction: 1 | -1 }>;
  unique: boolean;
}

export interface CollectionSpec {
  name: string;
  /** What the collection holds, for people reading the schema and the console. */
  description: string;
  indexes: readonly IndexSpec[];
  securityRule: SecurityRule;
}

export interface DatabaseSchema {
  collections: readonly CollectionSpec[];
}

export const COLLECTIONS = {
  /** One document per pass (document id = random pass id, the opaque reference in codes). */
  passes: 'passes',
  /** One document per person (document id = keyed hash of the ID number): the one-pass-per-person lock. */
  persons: 'persons',
  /** One document per WeChat account holding a pass (document id = openid): the one-pass-per-account lock. */
  accounts: 'accounts',
  /** Append-only record of role changes and every manual act by staff or admin. */
  audit: 'audit',
  /** Single-use codes (role and family invitations, account codes), stored by keyed hash (document id). */
  oneTimeCodes: 'one_time_codes',
  /** Family display grants, one document per pass (document id = pass id) listing every account that may display it. */
  familyGrants: 'family_grants',
  /** Partner records, latest version of each (document id `<source>:<recordId>`), with provenance. */
  feedRecords: 'feed_records',
  /** What the partner records establish per person (document id = person key): the colour rules' input. */
  facts: 'facts',
  /** Nonces of signed feed requests seen in the last minutes (document id `<keyId>:<nonce>`): replays are refused. */
  feedNonces: 'feed_nonces',
  /** Every visible change of a pass's colour, with its reasons and cause. */
  colourHistory: 'colour_history',
  /** Outbox of notices to residents (colour changes, appeal replies), delivered by the notifier. */
  notifications: 'notifications',
  /** Counters of attempts per account and time window, against ID-number probing. */
  rateLimits: 'rate_limits',
  /** Role grants of WeChat accounts (document id = openid). Admins come from configuration instead. */
  roles: 'roles',
  /** Small documents about the deployment itself: seed markers, last timer runs. */
  meta: 'meta',
  /** Every verification of a code, online or uploaded from a guard's phone (document id `<openid>:<scanId>`). */
  scans: 'scans',
  /** Yellow and red people guards reported to the community (document id derived from the scan): staff close them. */
  followUps: 'follow_ups',
  /** Residents' appeals (我要申诉) against their colour: messages, handler, decision, service-level times. */
  appeals: 'appeals',
  /** One per pass with an open appeal (document id = pass id): the one-open-appeal-per-pass lock. */
  appealLocks: 'appeal_locks',
  /** Venues and checkpoints with a poster (场所码) (document id = the short id its code's scene holds). */
  venues: 'venues',
  /** Residents' check-ins at venues, swept by the cron function after RETENTION_DAYS.checkIns (domain/retention.ts). */
  checkIns: 'check_ins',
  /** Face verifications started before applying (document id = our out_seq_no), swept by cron after RETENTION_DAYS.faceVerifications. */
  faceVerifications: 'face_verifications',
} as const;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];

export const SCHEMA: DatabaseSchema = {
  collections: [
    {
      name: COLLECTIONS.passes,
      description: 'Passes: holder account (or none for printed passes), masked and sealed identity, status, colour.',
      indexes: [
        { name: 'person_unique', keys: [{ field: 'personKey', direction: 1 }], unique: true },
        { name: 'openid', keys: [{ field: 'openid', direction: 1 }], unique: false },
        { name: 'origin_status', keys: [{ field: 'origin', direction: 1 }, { field: 'status', direction: 1 }], unique: false },
      ],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.persons,
      description: 'One per person, keyed by the HMAC of the ID number: which pass is theirs.',
      indexes: [],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.accounts,
      description: 'One per WeChat account holding a pass, keyed by openid: which pass it holds.',
      indexes: [],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.audit,
      description: 'Append-only audit log: who, what, when, why, target.',
      // auditLog sorts by (at desc, _id desc), _id breaking ties within a millisecond: each index ends in both,
      // so a page is read in index order, never sorted in memory. New names: indexes named `at`, `action_at`,
      // `target_at`, `actor_at` (without _id) are superseded and may be dropped where they exist.
      indexes: [
        { name: 'at_id', keys: [{ field: 'at', direction: -1 }, { field: '_id', direction: -1 }], unique: false },
        { name: 'action_at_id', keys: [{ field: 'action', direction: 1 }, { field: 'at', direction: -1 }, { field: '_id', direction: -1 }], unique: false },
        { name: 'target_at_id', keys: [{ field: 'target.id', direction: 1 }, { field: 'at', direction: -1 }, { field: '_id', direction: -1 }], unique: false },
        { name: 'actor_at_id', keys: [{ field: 'actor.openid', direction: 1 }, { field: 'at', direction: -1 }, { field: '_id', direction: -1 }], unique: false },
      ],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.oneTimeCodes,
      description: 'Single-use codes by keyed hash (HMAC-SHA256) of the code: purpose, payload, creator, expiry, redemption.',
      indexes: [
        { name: 'creator', keys: [{ field: 'createdBy', direction: 1 }, { field: 'createdAt', direction: -1 }], unique: false },
        { name: 'expires', keys: [{ field: 'expiresAt', direction: 1 }], unique: false },
      ],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.familyGrants,
      description: 'Who may display whose code: per pass, its family members (account, label, granted by and when); at most 5.',
      indexes: [{ name: 'member', keys: [{ field: 'members.openid', direction: 1 }], unique: false }],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.feedRecords,
      description: 'Latest version of each partner record: person key (never the ID number), facts, partner key id, received at.',
      indexes: [
        { name: 'person', keys: [{ field: 'personKey', direction: 1 }], unique: false },
        { name: 'source_received', keys: [{ field: 'source', direction: 1 }, { field: 'receivedAt', direction: 1 }], unique: false },
      ],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.facts,
      description: `Per person (keyed hash of the ID number): health records, arrivals and identity that decide the colour; arrivals are dropped ${RETENTION_DAYS.travelRecords} days after they happened.`,
      // The retention sweep finds the facts holding an arrival past its retention by a range on oldestArrivalAt.
      indexes: [{ name: 'oldest_arrival', keys: [{ field: 'oldestArrivalAt', direction: 1 }], unique: false }],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.feedNonces,
      description: 'Nonces of signed feed requests within the clock-skew window; expired ones are swept.',
      indexes: [{ name: 'expires', keys: [{ field: 'expiresAt', direction: 1 }], unique: false }],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.colourHistory,
      description: 'Colour changes per pass: from, to, reasons, cause, when.',
      indexes: [{ name: 'pass_at', keys: [{ field: 'passId', direction: 1 }, { field: 'at', direction: -1 }], unique: false }],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.notifications,
      description: `Notices to residents, queued with the change they report; deliveredAt set by the notifier; deleted ${RETENTION_DAYS.deliveredNotices} days after delivery.`,
      // The retention sweep deletes by a range on deliveredAt: `undelivered` serves it too.
      indexes: [
        { name: 'undelivered', keys: [{ field: 'deliveredAt', direction: 1 }, { field: 'createdAt', direction: 1 }], unique: false },
        { name: 'recipient', keys: [{ field: 'openid', direction: 1 }, { field: 'createdAt', direction: -1 }], unique: false },
      ],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.rateLimits,
      description: 'Attempt counters per account and window; expired windows are deleted by the cron sweep.',
      indexes: [{ name: 'expires', keys: [{ field: 'expiresAt', direction: 1 }], unique: false }],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.roles,
      description: 'Role grants per WeChat account: guard (with its checkpoint) or staff (with its district).',
      // The grants are fields of the account's document (guard, staff), not a `role` field: index those.
      indexes: [
        { name: 'guard_granted', keys: [{ field: 'guard.grantedAt', direction: -1 }], unique: false },
        { name: 'staff_granted', keys: [{ field: 'staff.grantedAt', direction: -1 }], unique: false },
      ],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.meta,
      description: 'Deployment bookkeeping: seed marker, last run of each timer.',
      indexes: [],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.scans,
      description: `Scan log: who scanned (guard and checkpoint, or any account), which pass, verdict, colours, when, online or offline; ${RETENTION_DAYS.scans} days.`,
      indexes: [
        // The retention sweep deletes by a range on `at` alone.
        { name: 'at', keys: [{ field: 'at', direction: 1 }], unique: false },
        { name: 'by_at', keys: [{ field: 'by', direction: 1 }, { field: 'at', direction: -1 }], unique: false },
        { name: 'pass_at', keys: [{ field: 'passRef', direction: 1 }, { field: 'at', direction: -1 }], unique: false },
        { name: 'checkpoint_at', keys: [{ field: 'checkpointId', direction: 1 }, { field: 'at', direction: -1 }], unique: false },
      ],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.followUps,
      description: `Community follow-up list: the reported scan, checkpoint, colour, masked name, note; closed by staff with a note, deleted ${RETENTION_DAYS.closedFollowUps} days after closing.`,
      // status_closed serves the retention sweep too (status 'closed', a range on closedAt).
      indexes: [
        { name: 'status_created', keys: [{ field: 'status', direction: 1 }, { field: 'createdAt', direction: 1 }], unique: false },
        { name: 'status_closed', keys: [{ field: 'status', direction: 1 }, { field: 'closedAt', direction: -1 }], unique: false },
      ],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.appeals,
      description: 'Appeals: pass, account, category, messages (image fileIDs), status, handler claim, decision and approval, first response and decision times.',
      indexes: [
        { name: 'status_created', keys: [{ field: 'status', direction: 1 }, { field: 'createdAt', direction: 1 }], unique: false },
        { name: 'account_created', keys: [{ field: 'openid', direction: 1 }, { field: 'createdAt', direction: -1 }], unique: false },
        { name: 'created', keys: [{ field: 'createdAt', direction: -1 }], unique: false },
      ],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.appealLocks,
      description: 'Per pass with an open appeal: which appeal; created with the appeal and removed when it closes.',
      indexes: [],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.venues,
      description: 'Venues and checkpoints: name, district, address, checkpoint, who registered it, the stored poster file.',
      indexes: [{ name: 'district_registered', keys: [{ field: 'district', direction: 1 }, { field: 'registeredAt', direction: -1 }], unique: false }],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.checkIns,
      description: `Check-ins at venues: venue, pass, account, time; older than ${RETENTION_DAYS.checkIns} days are deleted by the cron sweep.`,
      indexes: [
        { name: 'at', keys: [{ field: 'at', direction: 1 }], unique: false },
        { name: 'venue_at', keys: [{ field: 'venueId', direction: 1 }, { field: 'at', direction: -1 }], unique: false },
      ],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.faceVerifications,
      description: `Face verifications before applying: account, a keyed binding to name and ID number, verify id, last verify_ret; ${RETENTION_DAYS.faceVerifications} days.`,
      // The retention sweep deletes by createdAt. An `expires` index (on expiresAt, no longer written) where one
      // exists from before is unused and may be dropped.
      indexes: [
        { name: 'created', keys: [{ field: 'createdAt', direction: 1 }], unique: false },
        { name: 'openid_created', keys: [{ field: 'openid', direction: 1 }, { field: 'createdAt', direction: -1 }], unique: false },
      ],
      securityRule: 'ADMINONLY',
    },
  ],
};
