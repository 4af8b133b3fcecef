import type { AppealOverdue, AppealStatus, Colour, DashboardView, DurationDistribution } from '../../typings/contract';
import type { Database } from './cloudbase';
import { APPEAL_STATUSES, DECISION_DUE_MS, FIRST_RESPONSE_DUE_MS, OPEN_STATUSES } from './domain/appeal';
import { chinaDate } from './domain/china-date';
import { DAY_MS, startOfShanghaiDay } from './domain/colour/time';
import { COLLECTIONS } from './schema';

/**
 * The staff dashboard's figures, each computed by the database (aggregate, count): the function only reads
 * a few small grouped rows, never the documents themselves, whatever the number of passes.
 */

const HOUR_MS = 3_600_000;
const COLOURS: readonly Colour[] = ['green', 'yellow', 'red'];

/** Bucket edges in hours: within 1 h, 4 h, a working day, the 24 h and 72 h service levels, a week, beyond. */
export const DURATION_EDGES_HOURS = [0, 1, 4, 8, 24, 72, 168] as const;
const BEYOND = 'beyond';

type Grouped<K> = Array<{ _id: K; n: number }>;

/** Counts grouped by key into a record with every key present (0 when the database had none). */
function countsBy<K extends string>(keys: readonly K[], rows: Grouped<K | null>): Record<K, number> {
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  for (const row of rows) if (row._id !== null && Object.hasOwn(counts, row._id)) counts[row._id] += row.n;
  return counts;
}

/** China midnight `days - 1` days before today's: the window is whole China days, today included. */
export function windowStart(now: Date, days: number): Date {
  return new Date(startOfShanghaiDay(now.getTime()) - (days - 1) * DAY_MS);
}

/**
 * Passes by colour at the end of each day of the window, from the colour history: every pass has an entry
 * from its issue (from null), and every change moves one pass from `from` to `to`. The database groups the
 * changes before the window (the starting counts) and per day within it; the days are summed here.
 */
async function colourSeries(db: Database, start: Date, days: number): Promise<DashboardView['colourSeries']> {
  const _ = db.command;
  const $ = _.aggregate;
  const history = db.collection(COLLECTIONS.colourHistory);
  type Change = { from: Colour | null; to: Colour };
  const before = (await history.aggregate().match({ at: _.lt(start) }).group({ _id: { from: '$from', to: '$to' }, n: $.sum(1) }).end()).data as Grouped<Change>;
  const within = (
    await history
      .aggregate()
      .match({ at: _.gte(start) })
      .group({ _id: { day: $.floor($.divide([$.subtract(['$at', start]), DAY_MS])), from: '$from', to: '$to' }, n: $.sum(1) })
      .end()
  ).data as Grouped<Change & { day: number }>;

  const counts = countsBy<Colour>(COLOURS, []);
  const apply = ({ _id, n }: { _id: Change; n: number }) => {
    counts[_id.to] += n;
    if (_id.from) counts[_id.from] -= n;
  };
  before.forEach(apply);
  return Array.from({ length: days }, (_unused, day) => {
    within.filter((row) => row._id.day === day).forEach(apply);
    return { day: chinaDate(new Date(start.getTime() + day * DAY_MS)), ...counts };
  });
}

/** Hours from submission to `to` of the appeals where `to` falls in the window, bucketed by the database. */
async function durations(db: Database, to: 'firstResponseAt' | 'decidedAt', start: Date): Promise<DurationDistribution> {
  const _ = db.command;
  const $ = _.aggregate;
  const { data } = await db
    .collection(COLLECTIONS.appeals)
    .aggregate()
    .match({ [to]: _.gte(start) })
    .project({ hours: $.divide([$.subtract([`$${to}`, '$createdAt']), HOUR_MS]) })
    .bucket({ groupBy: '$hours', boundaries: [...DURATION_EDGES_HOURS], default: BEYOND, output: { n: $.sum(1), total: $.sum('$hours') } })
    .end();
  const edges = DURATION_EDGES_HOURS;
  const buckets = edges.map((fromHours, index) => ({ fromHours, toHours: index + 1 < edges.length ? edges[index + 1] : null, count: 0 }));
  let count = 0;
  let total = 0;
  for (const row of data as Array<{ _id: number | typeof BEYOND; n: number; total: number }>) {
    // `beyond` also takes negative durations, which only a clock set back could make.
    const index = row._id === BEYOND ? edges.length - 1 : edges.indexOf(row._id as (typeof edges)[number]);
    buckets[index].count += row.n;
    count += row.n;
    total += row.total;
  }
  return { count, averageHours: count > 0 ? Math.round((total / count) * 10) / 10 : null, buckets };
}

async function groupCount<K extends string>(db: Database, collection: string, field: string, keys: readonly K[], match: object = {}): Promise<Record<K, number>> {
  const { data } = await db.collection(collection).aggregate().match(match).group({ _id: `$${field}`, n: db.command.aggregate.sum(1) }).end();
  return countsBy(keys, data as Grouped<K>);
}

/** Open appeals past a service level now, as overdueOf in the queue decides it. */
async function overdueCounts(db: Database, now: Date): Promise<Record<AppealOverdue, number>> {
  const _ = db.command;
  const appeals = db.collection(COLLECTIONS.appeals);
  const open = { status: _.in([...OPEN_STATUSES]) };
  const decisionDue = new Date(now.getTime() - DECISION_DUE_MS);
  const responseDue = new Date(now.getTime() - FIRST_RESPONSE_DUE_MS);
  const [decision, firstResponse] = await Promise.all([
    appeals.where({ ...open, createdAt: _.lte(decisionDue) }).count(),
    appeals.where({ ...open, firstResponseAt: null, createdAt: _.and(_.lte(responseDue), _.gt(decisionDue)) }).count(),
  ]);
  return { decision: decision.total ?? 0, firstResponse: firstResponse.total ?? 0 };
}

/**
 * The figures over the last `days` China days. Passes carry no district (no residence address is kept), so
 * the figures cover every pass; `district` says so with null.
 */
export async function dashboardView(db: Database, now: Date, days: number): Promise<DashboardView> {
  const start = windowStart(now, days);
  const [passesByColour, series, appealsByStatus, appealsOverdue, firstResponseTimes, decisionTimes, followUps] = await Promise.all([
    groupCount(db, COLLECTIONS.passes, 'colour.colour', COLOURS, { status: 'active' }),
    colourSeries(db, start, days),
    groupCount<AppealStatus>(db, COLLECTIONS.appeals, 'status', APPEAL_STATUSES),
    overdueCounts(db, now),
    durations(db, 'firstResponseAt', start),
    durations(db, 'decidedAt', start),
    groupCount(db, COLLECTIONS.followUps, 'status', ['open', 'closed'] as const),
  ]);
  return {
    generatedAt: now.getTime(),
    days,
    district: null,
    passesByColour,
    colourSeries: series,
    appealsByStatus,
    appealsOverdue,
    firstResponseTimes,
    decisionTimes,
    followUps,
  };
}
