import { z } from 'zod';
import type { ActionTable } from '../shared/handler';
import { COLLECTIONS } from '../shared/schema';
import { registerVenue, venuePosterUrl, venueView, type VenueDocument } from '../shared/venues';
import { staffAct } from './printed-passes';

const TEXT = (max: number) => z.string().trim().min(1).max(max);

/** Registering a venue is routine, not an act on a person: the audit entry gets this reason. */
const REGISTER_REASON = '登记场所码';

/** Venues and checkpoints with posters (场所码). */
export const venueActions: Pick<ActionTable<'staff'>, 'registerVenue' | 'venues' | 'venuePoster'> = {
  registerVenue: {
    params: z.strictObject({ name: TEXT(40), district: TEXT(20), address: TEXT(80).optional(), checkpointId: TEXT(64).optional() }),
    allow: ['staff', 'admin'],
    async run(details, context) {
      return { venue: venueView(await registerVenue(context.db, await staffAct(context, REGISTER_REASON), details)) };
    },
  },
  venues: {
    params: z.strictObject({ district: TEXT(20).optional() }),
    allow: ['staff', 'admin'],
    async run({ district }, { db }) {
      const venues = db.collection(COLLECTIONS.venues);
      const { data } = await (district ? venues.where({ district }) : venues).orderBy('registeredAt', 'desc').limit(100).get();
      return { venues: (data as VenueDocument[]).map(venueView) };
    },
  },
  venuePoster: {
    params: z.strictObject({ venueId: TEXT(32) }),
    allow: ['staff', 'admin'],
    async run({ venueId }, { db, config, now }) {
      return { url: await venuePosterUrl(db, venueId, config.codeMaker(), now) };
    },
  },
};
