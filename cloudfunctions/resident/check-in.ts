import { z } from 'zod';
import type { ActionTable } from '../shared/handler';
import { heldPass } from '../shared/passes';
import { checkIn } from '../shared/venues';

/** Checking in at a venue by scanning its poster (场所码) with WeChat, which opens the code page with the scene. */
export const checkInActions: Pick<ActionTable<'resident'>, 'checkIn'> = {
  checkIn: {
    // The scene as WeChat passes it: at most 32 characters (shared/wechat.ts); the venue look-up checks the rest.
    params: z.strictObject({ scene: z.string().trim().min(1).max(32) }),
    allow: ['resident'],
    async run({ scene }, { db, caller, now }) {
      const pass = await heldPass(db, caller.openid, '再扫场所码');
      const record = await checkIn(db, pass, caller.openid, scene, now);
      return { venueName: record.venueName, at: record.at.getTime() };
    },
  },
};
