import { z } from 'zod';
import { callableFunction, cloudPlatform, type ActionTable, type Platform } from '../shared/handler';

/** Actions of residents: every WeChat account may call them. */
export const residentActions: ActionTable<'resident'> = {
  session: {
    params: z.strictObject({}),
    allow: ['resident'],
    async run(_params, context) {
      return { roles: await context.roles(), serverTime: context.now.getTime() };
    },
  },
};

export const createResident = (platform: Platform) => callableFunction('resident', residentActions, platform);
export const main = createResident(cloudPlatform);
