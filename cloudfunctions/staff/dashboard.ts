import { z } from 'zod';
import { dashboardView } from '../shared/dashboard';
import type { ActionTable } from '../shared/handler';

/** The staff dashboard's aggregates, for its charts. */
export const dashboardActions: Pick<ActionTable<'staff'>, 'dashboard'> = {
  dashboard: {
    params: z.strictObject({ days: z.number().int().min(1).max(90).optional() }),
    allow: ['staff', 'admin'],
    async run({ days = 30 }, { db, now }) {
      return dashboardView(db, now, days);
    },
  },
};
