import { z } from 'zod';
import { AppError } from '../shared/errors';
import { callableFunction, cloudPlatform, type ActionTable, type Platform } from '../shared/handler';
import { verificationActions } from './verification';

const postActions: Pick<ActionTable<'guard'>, 'post'> = {
  post: {
    params: z.strictObject({}),
    allow: ['guard'],
    async run(_params, context) {
      const guard = (await context.grants())?.guard;
      // allow: ['guard'] already checked the grant; a revocation between the two reads lands here.
      if (!guard) throw new AppError('FORBIDDEN', '您的查验员身份已被撤销');
      return { checkpointId: guard.checkpointId, checkpointName: guard.checkpointName };
    },
  },
};

/** Actions of guards at checkpoints (and of anyone who scans a code: see verify). */
export const guardActions: ActionTable<'guard'> = { ...postActions, ...verificationActions };

export const createGuard = (platform: Platform) => callableFunction('guard', guardActions, platform);
export const main = createGuard(cloudPlatform);
