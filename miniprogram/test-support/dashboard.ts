/** A dashboard answer (staff.dashboard) with a little of everything, so each test spells out only what it is about. */
import type { DashboardView } from '../../typings/contract';
import { SERVER_TIME } from './fixtures';

export function aDashboard(overrides: Partial<DashboardView> = {}): DashboardView {
  return {
    generatedAt: SERVER_TIME,
    days: 30,
    district: null,
    passesByColour: { green: 120, yellow: 8, red: 2 },
    colourSeries: [
      { day: '2025-02-27', green: 100, yellow: 10, red: 3 },
      { day: '2025-02-28', green: 110, yellow: 9, red: 2 },
      { day: '2025-03-01', green: 120, yellow: 8, red: 2 },
    ],
    appealsByStatus: { submitted: 3, claimed: 1, infoRequested: 0, awaitingApproval: 1, accepted: 4, rejected: 2, withdrawn: 0 },
    appealsOverdue: { firstResponse: 1, decision: 0 },
    firstResponseTimes: { count: 6, averageHours: 5.5, buckets: [{ fromHours: 0, toHours: 24, count: 6 }, { fromHours: 24, toHours: null, count: 0 }] },
    decisionTimes: {
      count: 6,
      averageHours: 30.25,
      buckets: [
        { fromHours: 0, toHours: 24, count: 2 },
        { fromHours: 24, toHours: 72, count: 3 },
        { fromHours: 72, toHours: null, count: 1 },
      ],
    },
    followUps: { open: 4, closed: 9 },
    ...overrides,
  };
}
