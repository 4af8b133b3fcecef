import { z } from 'zod';
import { AppError } from '../shared/errors';
import type { ActionTable } from '../shared/handler';
import { passOfAccount } from '../shared/passes';
import { checkIn } from '../shared/venues';

/** Checking in at a venue by scanning its poster (场所码) with WeChat, which opens the code page with the scene. */
export const checkInActions: Pick<ActionTable<'resident'>, 'checkIn'> = {
  checkIn: {
    // The scene as WeChat passes it: at most 32 characters (shared/wechat.ts); the venue look-up checks the rest.
    params: z.strictObject({ scene: z.string().trim().min(1).max(32) }),
    allow: ['resident'],
    async run({ scene }, { db, caller, now }) {
      const pass = await passOfAccount(db, caller.openid);
      if (!pass) throw new AppError('NO_PASS', '您还没有申领通行证。请先用本人的姓名和身份证号码申领，再扫场所码');
      const record = await checkIn(db, pass, caller.openid, scene, now);
      return { venueName: record.venueName, at: record.at.getTime() };
    },
  },
};
