/**
 * Conformance of the local CloudBase database, driven through the unmodified @cloudbase/node-sdk 3.18.3:
 * every `database.*` action, query and update operators, limits, aggregation, dates, unique indexes,
 * missing collections, geo refusal and transactions. Engine-level behaviour that needs its own options
 * (idle expiry, lock wait, reopening a file) is in database.db-engine.test.ts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import tcb from '@cloudbase/node-sdk';
import type { CollectionSpec, DatabaseSchema } from '../../cloudfunctions/shared/schema';
import type { RunningEmulator } from '../../emulator/server';
import { startTestEmulator } from '../support/emulator';

type Database = ReturnType<ReturnType<typeof tcb.init>['database']>;
type Row = Record<string, unknown> & { _id: string };

function collection(name: string, indexes: CollectionSpec['indexes'] = []): CollectionSpec {
  return { name, description: `conformance test collection ${name}`, indexes, securityRule: 'ADMINONLY' };
}

const TEST_SCHEMA: DatabaseSchema = {
  collections: [
    collection('crud'),
    collection('people'),
    collection('items'),
    collection('pages'),
    collection('customers'),
    collection('orders'),
    collection('events'),
    collection('places'),
    collection('users', [{ name: 'openid_unique', keys: [{ field: 'openid', direction: 1 }], unique: true }]),
    collection('pairs', [
      { name: 'a_b_unique', keys: [{ field: 'a', direction: 1 }, { field: 'b', direction: -1 }], unique: true },
      { name: 'a_plain', keys: [{ field: 'a', direction: 1 }], unique: false },
    ]),
    collection('nested_unique', [{ name: 'profile_idcard', keys: [{ field: 'profile.idHash', direction: 1 }], unique: true }]),
    collection('accounts'),
    collection('people_tx', [{ name: 'person_unique', keys: [{ field: 'personHash', direction: 1 }], unique: true }]),
  ],
};

const ids = (rows: Row[]): string[] => rows.map((row) => row._id);

describe('database through @cloudbase/node-sdk against the emulator', () => {
  let emulator: RunningEmulator;
  let db: Database;
  // The SDK's command builder is untyped.
  let _: Database['command'];

  beforeAll(async () => {
    emulator = await startTestEmulator(TEST_SCHEMA);
    db = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database();
    _ = db.command;
  });

  afterAll(async () => {
    await emulator.close();
  });

  describe('documents', () => {
    it('adds with and without _id, and doc().get() returns the stored document', async () => {
      const withId = await db.collection('crud').add({ _id: 'c1', name: 'one', n: 1, nested: { deep: [1, { x: true }] } });
      expect(withId.id).toBe('c1');
      const generated = await db.collection('crud').add({ name: 'two' });
      expect(generated.id).toMatch(/^[0-9a-f]{32}$/);

      const { data } = await db.collection('crud').doc('c1').get();
      expect(data).toEqual([{ _id: 'c1', name: 'one', n: 1, nested: { deep: [1, { x: true }] } }]);
      expect((await db.collection('crud').doc(generated.id!).get()).data).toEqual([{ _id: generated.id, name: 'two' }]);
    });

    it('adds an array of documents in one request and answers their ids in order', async () => {
      const result = await db.collection('crud').add([{ _id: 'm1', k: 'batch' }, { _id: 'm2', k: 'batch' }, { k: 'batch' }]);
      expect(result.ids).toHaveLength(3);
      expect(result.ids!.slice(0, 2)).toEqual(['m1', 'm2']);
      expect((await db.collection('crud').where({ k: 'batch' }).count()).total).toBe(3);
    });

    it('returns { data: [] } for a missing document instead of throwing', async () => {
      const result = await db.collection('crud').doc('missing').get();
      expect(result.data).toEqual([]);
    });

    it('keeps numeric ids distinct from string ids', async () => {
      await db.collection('crud').add({ _id: 42, kind: 'number' });
      await db.collection('crud').add({ _id: '42', kind: 'string' });
      expect((await db.collection('crud').doc(42).get()).data).toEqual([{ _id: 42, kind: 'number' }]);
      expect((await db.collection('crud').doc('42').get()).data).toEqual([{ _id: '42', kind: 'string' }]);
    });

    it('update merges fields, and updating a missing document answers updated: 0', async () => {
      await db.collection('crud').add({ _id: 'u1', a: 1, profile: { city: 'Foshan', zip: '528000' } });
      const result = await db.collection('crud').doc('u1').update({ b: 2, profile: { city: 'Shanghai' } });
      expect(result.updated).toBe(1);
      expect((await db.collection('crud').doc('u1').get()).data[0]).toEqual({
        _id: 'u1',
        a: 1,
        b: 2,
        profile: { city: 'Shanghai', zip: '528000' },
      });

      expect((await db.collection('crud').doc('nobody').update({ a: 1 })).updated).toBe(0);
      expect((await db.collection('crud').doc('nobody').get()).data).toEqual([]);
    });

    it('answers updated: 0 when an update changes nothing, as MongoDB counts modified documents', async () => {
      await db.collection('crud').add({ _id: 'same', a: 1 });
      expect((await db.collection('crud').doc('same').update({ a: 1 })).updated).toBe(0);
      expect((await db.collection('crud').doc('same').set({ a: 1 })).updated).toBe(0);
      expect((await db.collection('crud').doc('same').set({ a: 2 })).updated).toBe(1);
    });

    it('set() replaces the whole document, and upserts a missing one', async () => {
      await db.collection('crud').add({ _id: 's1', a: 1, b: 2 });
      const replaced = await db.collection('crud').doc('s1').set({ c: 3 });
      expect(replaced).toMatchObject({ updated: 1, upsertedId: null });
      expect((await db.collection('crud').doc('s1').get()).data).toEqual([{ _id: 's1', c: 3 }]);

      const created = await db.collection('crud').doc('s2').set({ fresh: true });
      expect(created).toMatchObject({ updated: 0, upsertedId: 's2' });
      expect((await db.collection('crud').doc('s2').get()).data).toEqual([{ _id: 's2', fresh: true }]);
    });

    it('where().update() updates every match by default and one with multiple: false', async () => {
      await db.collection('crud').add([
        { _id: 'w1', group: 'g', v: 0 },
        { _id: 'w2', group: 'g', v: 0 },
        { _id: 'w3', group: 'other', v: 0 },
      ]);
      expect((await db.collection('crud').where({ group: 'g' }).update({ v: 1 })).updated).toBe(2);
      const single = await db.collection('crud').where({ group: 'g' }).options({ multiple: false }).update({ v: 2 });
      expect(single.updated).toBe(1);
      const rows = (await db.collection('crud').where({ _id: _.in(['w1', 'w2', 'w3']) }).orderBy('_id', 'asc').get()).data;
      expect(rows.map((row: Row) => row.v)).toEqual([2, 1, 0]);
    });

    it('doc().remove() and where().remove() delete, answering the count', async () => {
      await db.collection('crud').add([
        { _id: 'r1', doomed: true },
        { _id: 'r2', doomed: true },
        { _id: 'r3', doomed: true },
      ]);
      expect((await db.collection('crud').doc('r1').remove()).deleted).toBe(1);
      expect((await db.collection('crud').doc('r1').remove()).deleted).toBe(0);
      expect((await db.collection('crud').where({ doomed: true }).remove()).deleted).toBe(2);
      expect((await db.collection('crud').where({ doomed: true }).count()).total).toBe(0);
    });

    it('updateAndReturn() updates the first match atomically and returns it after the update', async () => {
      await db.collection('crud').add({ _id: 'seq', kind: 'counter', value: 4 });
      const result = await db.collection('crud').where({ kind: 'counter' }).updateAndReturn({ value: _.inc(1) });
      expect(result).toMatchObject({ updated: 1, doc: { _id: 'seq', kind: 'counter', value: 5 } });
      const values = await Promise.all(
        Array.from({ length: 10 }, () => db.collection('crud').where({ kind: 'counter' }).updateAndReturn({ value: _.inc(1) })),
      );
      expect(values.map((r) => r.doc.value).sort((a: number, b: number) => a - b)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);

      const none = await db.collection('crud').where({ kind: 'no-such-kind' }).updateAndReturn({ value: _.inc(1) });
      expect(none).toMatchObject({ updated: 0, doc: null });
    });

    it('refuses to change _id through an update', async () => {
      await db.collection('crud').add({ _id: 'fixed', a: 1 });
      const raw = db.collection('crud').options({ raw: true });
      const immutable = { code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('immutable') };
      await expect(raw.doc('fixed').update({ $set: { _id: 'moved' } })).rejects.toMatchObject(immutable);
      // The SDK refuses `_id` in set() before sending, so the replacement goes to the engine directly.
      const replacement = emulator.database.handleAdmin({
        action: 'database.modifyDocument',
        collectionName: 'crud',
        queryType: 'DOC',
        query: '{"_id":"fixed"}',
        data: '{"_id":"moved","a":2}',
        multi: false,
        merge: false,
        upsert: true,
      });
      await expect(replacement).rejects.toMatchObject(immutable);
      expect((await db.collection('crud').doc('fixed').get()).data).toEqual([{ _id: 'fixed', a: 1 }]);
    });
  });

  describe('query operators', () => {
    beforeAll(async () => {
      await db.collection('people').add([
        { _id: 'p1', name: 'Alice', age: 30, tags: ['a', 'b'], address: { city: 'Shanghai' }, scores: [{ subject: 'math', score: 95 }] },
        { _id: 'p2', name: 'bob', age: 17, tags: ['b'], address: { city: 'Foshan' }, scores: [{ subject: 'math', score: 60 }, { subject: 'art', score: 99 }] },
        { _id: 'p3', name: 'Carol', age: 45, tags: [], address: { city: 'Shanghai' }, phone: '139' },
        { _id: 'p4', name: 'alan', age: 30, tags: ['a', 'c'], scores: [{ subject: 'art', score: 70 }] },
      ]);
    });

    const find = async (query: object): Promise<string[]> => ids((await db.collection('people').where(query).orderBy('_id', 'asc').get()).data);

    it('compares with eq, neq, gt, gte, lt, lte', async () => {
      expect(await find({ age: _.eq(30) })).toEqual(['p1', 'p4']);
      expect(await find({ age: 30 })).toEqual(['p1', 'p4']);
      expect(await find({ age: _.neq(30) })).toEqual(['p2', 'p3']);
      expect(await find({ age: _.gt(30) })).toEqual(['p3']);
      expect(await find({ age: _.gte(30) })).toEqual(['p1', 'p3', 'p4']);
      expect(await find({ age: _.lt(30) })).toEqual(['p2']);
      expect(await find({ age: _.lte(30) })).toEqual(['p1', 'p2', 'p4']);
    });

    it('matches sets with in and nin', async () => {
      expect(await find({ name: _.in(['Alice', 'Carol', 'Zed']) })).toEqual(['p1', 'p3']);
      expect(await find({ age: _.nin([30, 45]) })).toEqual(['p2']);
    });

    it('combines with and, or (top level and on a field)', async () => {
      expect(await find({ age: _.gt(20).and(_.lt(40)) })).toEqual(['p1', 'p4']);
      expect(await find(_.and([{ age: 30 }, { tags: 'c' }]))).toEqual(['p4']);
      expect(await find(_.or([{ age: _.lt(18) }, { 'address.city': 'Shanghai' }]))).toEqual(['p1', 'p2', 'p3']);
      expect(await find({ age: _.lt(18).or(_.gt(40)) })).toEqual(['p2', 'p3']);
    });

    it('tests fields with exists and arrays with size and elemMatch', async () => {
      expect(await find({ phone: _.exists(true) })).toEqual(['p3']);
      expect(await find({ address: _.exists(false) })).toEqual(['p4']);
      expect(await find({ tags: _.size(2) })).toEqual(['p1', 'p4']);
      expect(await find({ scores: _.elemMatch({ subject: 'math', score: _.gte(90) }) })).toEqual(['p1']);
      expect(await find({ scores: _.elemMatch({ subject: 'art', score: _.gt(80) }) })).toEqual(['p2']);
    });

    it('matches nested objects and dotted paths, and array elements by value', async () => {
      expect(await find({ address: { city: 'Foshan' } })).toEqual(['p2']);
      expect(await find({ 'address.city': 'Shanghai' })).toEqual(['p1', 'p3']);
      expect(await find({ tags: 'b' })).toEqual(['p1', 'p2']);
    });

    it('matches db.RegExp and JS RegExp, with options', async () => {
      expect(await find({ name: db.RegExp({ regexp: '^al', options: 'i' }) })).toEqual(['p1', 'p4']);
      expect(await find({ name: db.RegExp({ regexp: '^al' }) })).toEqual(['p4']);
      expect(await find({ name: /^B/i })).toEqual(['p2']);
      expect(await find({ name: /o/ })).toEqual(['p2', 'p3']);
    });

    it('answers a clear error for an unknown operator instead of a wrong result', async () => {
      const raw = db.collection('people').options({ raw: true });
      await expect(raw.where({ age: { $between: [1, 2] } }).get()).rejects.toMatchObject({
        code: 'DATABASE_REQUEST_FAILED',
        message: expect.stringContaining('$between'),
      });
    });

    it('refuses geo queries and geo stages with a clear error', async () => {
      await db.collection('places').add({ _id: 'gate', loc: new db.Geo.Point(113.3, 23.1) });
      expect((await db.collection('places').doc('gate').get()).data[0].loc).toMatchObject({ longitude: 113.3, latitude: 23.1 });

      const near = db.collection('places').where({ loc: _.geoNear({ geometry: new db.Geo.Point(113.3, 23.1), maxDistance: 1000 }) });
      await expect(near.get()).rejects.toMatchObject({
        code: 'DATABASE_REQUEST_FAILED',
        message: expect.stringContaining('does not support geo'),
      });
      await expect(db.collection('places').where({ loc: _.geoWithin({ centerSphere: [new db.Geo.Point(113.3, 23.1), 0.001] }) }).count()).rejects.toMatchObject({
        message: expect.stringContaining('does not support geo'),
      });
      const stage = db
        .collection('places')
        .aggregate()
        .geoNear({ distanceField: 'distance', spherical: true, near: new db.Geo.Point(113.3, 23.1) })
        .end();
      await expect(stage).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('$geoNear') });
    });
  });

  describe('update operators', () => {
    const start = {
      counter: 10,
      price: 2.5,
      list: ['a', 'b', 'c'],
      nums: [1, 5, 9],
      profile: { name: 'n', stats: { views: 1, best: 50, worst: 5 }, tags: ['x'] },
      oldName: 'value',
    };
    let id = 0;
    const updated = async (update: object): Promise<Row> => {
      id += 1;
      const docId = `item${id}`;
      await db.collection('items').add({ _id: docId, ...structuredClone(start) });
      expect((await db.collection('items').doc(docId).update(update)).updated).toBe(1);
      return (await db.collection('items').doc(docId).get()).data[0];
    };

    it('set replaces an object at a path, and plain nested fields merge', async () => {
      const replaced = await updated({ profile: _.set({ name: 'only' }) });
      expect(replaced.profile).toEqual({ name: 'only' });
      const merged = await updated({ profile: { stats: { views: 7 } } });
      expect(merged.profile).toEqual({ name: 'n', stats: { views: 7, best: 50, worst: 5 }, tags: ['x'] });
      const dotted = await updated({ 'profile.stats.views': 8, 'brand.new.path': true });
      expect(dotted).toMatchObject({ profile: { stats: { views: 8, best: 50 } }, brand: { new: { path: true } } });
    });

    it('inc and mul on top-level and nested numbers', async () => {
      expect(await updated({ counter: _.inc(5), profile: { stats: { views: _.inc(-1) } } })).toMatchObject({
        counter: 15,
        profile: { stats: { views: 0 } },
      });
      expect(await updated({ price: _.mul(4), 'profile.stats.best': _.mul(2) })).toMatchObject({
        price: 10,
        profile: { stats: { best: 100 } },
      });
    });

    it('push (values, each with position), unshift and shift', async () => {
      expect((await updated({ list: _.push('d', 'e') })).list).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect((await updated({ list: _.push({ each: ['x', 'y'], position: 1 }) })).list).toEqual(['a', 'x', 'y', 'b', 'c']);
      expect((await updated({ 'profile.tags': _.push(['y']) })).profile).toMatchObject({ tags: ['x', 'y'] });
      expect((await updated({ list: _.unshift('z') })).list).toEqual(['z', 'a', 'b', 'c']);
      expect((await updated({ list: _.shift() })).list).toEqual(['b', 'c']);
      expect((await updated({ list: _.pop() })).list).toEqual(['a', 'b']);
    });

    it('pull (value and condition) and addToSet (single and each)', async () => {
      expect((await updated({ list: _.pull('b') })).list).toEqual(['a', 'c']);
      expect((await updated({ nums: _.pull(_.gt(4)) })).nums).toEqual([1]);
      expect((await updated({ list: _.addToSet('z') })).list).toEqual(['a', 'b', 'c', 'z']);
      expect((await updated({ list: _.addToSet({ each: ['c', 'd', 'd'] }) })).list).toEqual(['a', 'b', 'c', 'd']);
      expect((await updated({ 'profile.tags': _.addToSet('new') })).profile).toMatchObject({ tags: ['x', 'new'] });
      await db.collection('items').add({ _id: 'set-member', list: ['a'] });
      expect((await db.collection('items').doc('set-member').update({ list: _.addToSet('a') })).updated).toBe(0);
    });

    it('remove, rename, min and max, also on dotted paths', async () => {
      const removed = await updated({ oldName: _.remove(), profile: { stats: { worst: _.remove() } } });
      expect(removed).not.toHaveProperty('oldName');
      expect(removed.profile).toEqual({ name: 'n', stats: { views: 1, best: 50 }, tags: ['x'] });
      const renamed = await updated({ oldName: _.rename('newName'), 'profile.name': _.rename('profile.title') });
      expect(renamed).toMatchObject({ newName: 'value', profile: { title: 'n' } });
      expect(renamed).not.toHaveProperty('oldName');
      expect(renamed.profile).not.toHaveProperty('name');
      expect(await updated({ counter: _.min(3), 'profile.stats.best': _.max(70), 'profile.stats.worst': _.max(1) })).toMatchObject({
        counter: 3,
        profile: { stats: { best: 70, worst: 5 } },
      });
    });

    it('rejects an update operator the engine does not know with a clear error and changes nothing', async () => {
      await db.collection('items').add({ _id: 'untouched', a: 1 });
      const raw = db.collection('items').options({ raw: true });
      await expect(raw.doc('untouched').update({ $frobnicate: { a: 1 } })).rejects.toMatchObject({
        code: 'DATABASE_REQUEST_FAILED',
        message: expect.stringContaining('$frobnicate'),
      });
      expect((await db.collection('items').doc('untouched').get()).data).toEqual([{ _id: 'untouched', a: 1 }]);
    });
  });

  describe('order, skip, limit, field and count', () => {
    beforeAll(async () => {
      const docs = Array.from({ length: 1100 }, (_unused, i) => ({ _id: `page${String(i).padStart(4, '0')}`, i, bucket: i % 3, secret: 's' }));
      await db.collection('pages').add(docs);
    });

    it('returns 100 documents by default and at most 1000', async () => {
      expect((await db.collection('pages').get()).data).toHaveLength(100);
      expect((await db.collection('pages').limit(1000).get()).data).toHaveLength(1000);
      expect((await db.collection('pages').limit(5000).get()).data).toHaveLength(1000);
      expect((await db.collection('pages').limit(7).get()).data).toHaveLength(7);
    });

    it('sorts by several fields, skips and limits', async () => {
      const { data } = await db.collection('pages').orderBy('bucket', 'desc').orderBy('i', 'asc').skip(2).limit(3).get();
      expect(data.map((row: Row) => row.i)).toEqual([8, 11, 14]);
      const last = await db.collection('pages').orderBy('i', 'desc').limit(2).get();
      expect(last.data.map((row: Row) => row.i)).toEqual([1099, 1098]);
    });

    it('returns documents in insertion order when no order is given', async () => {
      const { data } = await db.collection('pages').where({ i: _.lt(5) }).get();
      expect(data.map((row: Row) => row.i)).toEqual([0, 1, 2, 3, 4]);
    });

    it('projects fields with field(), keeping _id, also on doc().get()', async () => {
      const { data } = await db.collection('pages').where({ i: 3 }).field({ i: true }).get();
      expect(data).toEqual([{ _id: 'page0003', i: 3 }]);
      const hidden = await db.collection('pages').where({ i: 4 }).field({ secret: false, bucket: false }).get();
      expect(hidden.data).toEqual([{ _id: 'page0004', i: 4 }]);
      expect((await db.collection('pages').doc('page0005').field({ bucket: true }).get()).data).toEqual([{ _id: 'page0005', bucket: 2 }]);
    });

    it('counts all matches, beyond any limit', async () => {
      expect((await db.collection('pages').count()).total).toBe(1100);
      expect((await db.collection('pages').where({ bucket: 0 }).count()).total).toBe(367);
    });
  });

  describe('aggregate', () => {
    beforeAll(async () => {
      await db.collection('customers').add([
        { _id: 'cu1', name: 'Ann', city: 'Shanghai' },
        { _id: 'cu2', name: 'Ben', city: 'Foshan' },
      ]);
      await db.collection('orders').add([
        { _id: 'o1', customer: 'cu1', status: 'paid', total: 30, items: ['tea', 'rice'] },
        { _id: 'o2', customer: 'cu1', status: 'paid', total: 20, items: ['tea'] },
        { _id: 'o3', customer: 'cu2', status: 'paid', total: 5, items: ['rice'] },
        { _id: 'o4', customer: 'cu2', status: 'open', total: 100, items: ['tea'] },
      ]);
    });

    it('matches, groups, sorts and projects', async () => {
      const $ = db.command.aggregate;
      const { data } = await db
        .collection('orders')
        .aggregate()
        .match({ status: 'paid' })
        .group({ _id: '$customer', spent: $.sum('$total'), orders: $.sum(1) })
        .sort({ spent: -1 })
        .project({ _id: 0, customer: '$_id', spent: 1, orders: 1 })
        .end();
      expect(data).toEqual([
        { customer: 'cu1', spent: 50, orders: 2 },
        { customer: 'cu2', spent: 5, orders: 1 },
      ]);
    });

    it('looks up another collection and unwinds arrays', async () => {
      const $ = db.command.aggregate;
      const { data } = await db
        .collection('orders')
        .aggregate()
        .lookup({ from: 'customers', localField: 'customer', foreignField: '_id', as: 'buyer' })
        .unwind('$buyer')
        .unwind('$items')
        .group({ _id: { city: '$buyer.city', item: '$items' }, n: $.sum(1) })
        .sort({ '_id.city': 1, '_id.item': 1 })
        .end();
      expect(data).toEqual([
        { _id: { city: 'Foshan', item: 'rice' }, n: 1 },
        { _id: { city: 'Foshan', item: 'tea' }, n: 1 },
        { _id: { city: 'Shanghai', item: 'rice' }, n: 1 },
        { _id: { city: 'Shanghai', item: 'tea' }, n: 2 },
      ]);
    });

    it('leaves the stored documents untouched by stages that reshape them', async () => {
      await db.collection('orders').aggregate().addFields({ total: 0 }).unwind('$items').end();
      expect((await db.collection('orders').doc('o1').get()).data[0]).toMatchObject({ total: 30, items: ['tea', 'rice'] });
    });

    it('runs the remaining stages mingo supports: limit, skip, count, sortByCount, replaceRoot', async () => {
      const count = await db.collection('orders').aggregate().match({ status: 'paid' }).count('paid').end();
      expect(count.data).toEqual([{ paid: 3 }]);
      const byStatus = await db.collection('orders').aggregate().sortByCount('$status').end();
      expect(byStatus.data).toEqual([
        { _id: 'paid', count: 3 },
        { _id: 'open', count: 1 },
      ]);
      const roots = await db.collection('customers').aggregate().sort({ _id: 1 }).skip(1).limit(1).replaceRoot({ newRoot: { who: '$name' } }).end();
      expect(roots.data).toEqual([{ who: 'Ben' }]);
    });
  });

  describe('dates', () => {
    it('round-trips a JS Date and stores db.serverDate() as the server time plus offset', async () => {
      const when = new Date('2024-02-29T12:34:56.789Z');
      const before = Date.now();
      await db.collection('events').add({ _id: 'e1', when, at: db.serverDate(), later: db.serverDate({ offset: 60_000 }) });
      const after = Date.now();
      const [event] = (await db.collection('events').doc('e1').get()).data;
      expect(event.when).toBeInstanceOf(Date);
      expect(event.when.toISOString()).toBe(when.toISOString());
      expect(event.at.getTime()).toBeGreaterThanOrEqual(before);
      expect(event.at.getTime()).toBeLessThanOrEqual(after);
      expect(event.later.getTime() - event.at.getTime()).toBe(60_000);
    });

    it('compares dates in queries, including against db.serverDate()', async () => {
      await db.collection('events').add([
        { _id: 'past', happens: new Date(Date.now() - 3_600_000) },
        { _id: 'future', happens: new Date(Date.now() + 3_600_000) },
      ]);
      const upcoming = await db.collection('events').where({ happens: _.gt(db.serverDate()) }).get();
      expect(ids(upcoming.data)).toEqual(['future']);
      const recent = await db.collection('events').where({ happens: _.gte(new Date(Date.now() - 7_200_000)).and(_.lt(new Date())) }).get();
      expect(ids(recent.data)).toEqual(['past']);
    });

    it('sets serverDate in updates', async () => {
      await db.collection('events').add({ _id: 'touched' });
      const before = Date.now();
      await db.collection('events').doc('touched').update({ updatedAt: db.serverDate() });
      const [doc] = (await db.collection('events').doc('touched').get()).data;
      expect(doc.updatedAt.getTime()).toBeGreaterThanOrEqual(before);
    });
  });

  describe('unique indexes and duplicate ids', () => {
    it('refuses a duplicate _id with DATABASE_DUPLICATE_WRITE and E11000', async () => {
      await db.collection('users').add({ _id: 'u-dup', openid: 'o-dup-1' });
      await expect(db.collection('users').add({ _id: 'u-dup', openid: 'o-dup-2' })).rejects.toMatchObject({
        code: 'DATABASE_DUPLICATE_WRITE',
        message: expect.stringContaining('E11000 duplicate key'),
      });
      expect((await db.collection('users').where({ openid: 'o-dup-2' }).count()).total).toBe(0);
    });

    it('refuses a duplicate unique key and writes nothing of a multi-document insert', async () => {
      await db.collection('users').add({ _id: 'u1', openid: 'o1' });
      await expect(db.collection('users').add({ _id: 'u2', openid: 'o1' })).rejects.toMatchObject({
        code: 'DATABASE_DUPLICATE_WRITE',
        message: expect.stringMatching(/E11000 duplicate key.*openid_unique/),
      });
      const refusedBatches = [
        [{ _id: 'u3', openid: 'o3' }, { _id: 'u4', openid: 'o1' }], // one key taken by a stored document
        [{ _id: 'u5', openid: 'o5' }, { _id: 'u6', openid: 'o5' }], // one key twice in the batch
        [{ _id: 'u7', openid: 'o7' }, { _id: 'u7', openid: 'o8' }], // one _id twice in the batch
      ];
      for (const batch of refusedBatches) {
        await expect(db.collection('users').add(batch)).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
      }
      const stored = await db.collection('users').where({ _id: _.in(['u2', 'u3', 'u4', 'u5', 'u6', 'u7']) }).get();
      expect(stored.data).toEqual([]);
    });

    it('counts a missing field as null: only one document may lack it', async () => {
      await db.collection('users').add({ _id: 'no-openid-1' });
      await expect(db.collection('users').add({ _id: 'no-openid-2' })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
      await expect(db.collection('users').add({ _id: 'null-openid', openid: null })).rejects.toMatchObject({
        code: 'DATABASE_DUPLICATE_WRITE',
      });
    });

    it('enforces unique keys on update, set and where().update(), and frees a key when its owner changes', async () => {
      await db.collection('users').add([
        { _id: 'ua', openid: 'oa' },
        { _id: 'ub', openid: 'ob' },
      ]);
      await expect(db.collection('users').doc('ub').update({ openid: 'oa' })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
      await expect(db.collection('users').doc('ub').set({ openid: 'oa' })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
      await expect(db.collection('users').doc('uc').set({ openid: 'oa' })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
      await expect(db.collection('users').where({ _id: _.in(['ua', 'ub']) }).update({ openid: 'same' })).rejects.toMatchObject({
        code: 'DATABASE_DUPLICATE_WRITE',
      });
      expect((await db.collection('users').doc('ub').get()).data).toEqual([{ _id: 'ub', openid: 'ob' }]);

      await db.collection('users').doc('ua').update({ openid: 'oa-moved' });
      await db.collection('users').doc('ub').update({ openid: 'oa' });
      expect((await db.collection('users').where({ openid: 'oa' }).get()).data).toEqual([{ _id: 'ub', openid: 'oa' }]);
      await db.collection('users').doc('ub').remove();
      await db.collection('users').add({ _id: 'ud', openid: 'oa' });
    });

    it('compares compound keys on all their fields, and nested key paths', async () => {
      await db.collection('pairs').add([
        { a: 1, b: 1 },
        { a: 1, b: 2 },
        { a: 2, b: 1 },
      ]);
      await expect(db.collection('pairs').add({ a: 1, b: 2, extra: true })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
      expect((await db.collection('pairs').count()).total).toBe(3);

      await db.collection('nested_unique').add({ profile: { idHash: 'h1' } });
      await expect(db.collection('nested_unique').add({ profile: { idHash: 'h1', other: 1 } })).rejects.toMatchObject({
        code: 'DATABASE_DUPLICATE_WRITE',
        message: expect.stringContaining('profile.idHash'),
      });
    });
  });

  describe('collections', () => {
    it('answers DATABASE_COLLECTION_NOT_EXIST for reads and writes on a collection never created', async () => {
      const missing = db.collection('no_such_collection');
      const notExist = { code: 'DATABASE_COLLECTION_NOT_EXIST', message: expect.stringContaining('no_such_collection') };
      await expect(missing.doc('x').get()).rejects.toMatchObject(notExist);
      await expect(missing.add({ a: 1 })).rejects.toMatchObject(notExist);
      await expect(missing.where({ a: 1 }).update({ b: 1 })).rejects.toMatchObject(notExist);
      await expect(missing.count()).rejects.toMatchObject(notExist);
      await expect(missing.aggregate().match({}).end()).rejects.toMatchObject(notExist);
    });

    it('creates a collection with createCollection and refuses to create it twice', async () => {
      await db.createCollection('made_at_runtime');
      await db.collection('made_at_runtime').add({ _id: 'first' });
      expect((await db.collection('made_at_runtime').doc('first').get()).data).toEqual([{ _id: 'first' }]);
      await expect(db.createCollection('made_at_runtime')).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_ALREADY_EXIST' });
      await expect(db.createCollection('users')).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_ALREADY_EXIST' });
    });
  });

  describe('transactions', () => {
    const balance = async (id: string): Promise<number | undefined> => (await db.collection('accounts').doc(id).get()).data[0]?.balance;

    it('keeps writes invisible to others until commit and visible to the transaction itself', async () => {
      await db.collection('accounts').add({ _id: 'alice', balance: 100 });
      const transaction = await db.startTransaction();
      await transaction.collection('accounts').doc('alice').update({ balance: _.inc(-30) });
      await transaction.collection('accounts').add({ _id: 'bob', balance: 30 });

      expect(await balance('alice')).toBe(100);
      expect((await db.collection('accounts').doc('bob').get()).data).toEqual([]);
      expect((await transaction.collection('accounts').doc('alice').get()).data).toEqual({ _id: 'alice', balance: 70 });
      const seen = await transaction.collection('accounts').where({ balance: _.lte(70) }).get();
      expect(ids(seen.data).sort()).toEqual(['alice', 'bob']);

      await transaction.commit();
      expect(await balance('alice')).toBe(70);
      expect(await balance('bob')).toBe(30);
    });

    it('answers null for a missing document read inside a transaction', async () => {
      const transaction = await db.startTransaction();
      expect((await transaction.collection('accounts').doc('nobody').get()).data).toBeNull();
      await transaction.rollback();
    });

    it('drops every write on abort, and refuses to commit after it', async () => {
      await db.collection('accounts').add({ _id: 'carol', balance: 5 });
      const transaction = await db.startTransaction();
      await transaction.collection('accounts').add({ _id: 'dave', balance: 1 });
      await transaction.collection('accounts').doc('carol').set({ balance: 999 });
      await transaction.collection('accounts').doc('carol').remove();
      await transaction.rollback();

      expect(await balance('carol')).toBe(5);
      expect(await balance('dave')).toBeUndefined();
      await expect(transaction.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL', message: expect.stringContaining('aborted') });
    });

    it('applies set (upsert), update and remove of one transaction together at commit', async () => {
      await db.collection('accounts').add([
        { _id: 't-keep', balance: 1 },
        { _id: 't-gone', balance: 2 },
      ]);
      const transaction = await db.startTransaction();
      const upsert = await transaction.collection('accounts').doc('t-new').set({ balance: 3 });
      expect(upsert.upserted).toEqual([{ _id: 't-new' }]);
      await transaction.collection('accounts').doc('t-keep').update({ balance: _.inc(10) });
      expect((await transaction.collection('accounts').doc('t-gone').remove()).deleted).toBe(1);
      expect((await transaction.collection('accounts').where({ _id: 't-keep' }).updateAndReturn({ balance: _.inc(1) })).doc).toEqual({
        _id: 't-keep',
        balance: 12,
      });
      expect(await balance('t-gone')).toBe(2);
      await transaction.commit();
      expect([await balance('t-new'), await balance('t-keep'), await balance('t-gone')]).toEqual([3, 12, undefined]);
    });

    it('gives the second transaction writing a document DATABASE_TRANSACTION_CONFLICT and aborts it', async () => {
      await db.collection('accounts').add({ _id: 'shared', balance: 0 });
      const first = await db.startTransaction();
      const second = await db.startTransaction();
      await first.collection('accounts').doc('shared').update({ balance: _.inc(1) });
      await expect(second.collection('accounts').doc('shared').update({ balance: _.inc(2) })).rejects.toMatchObject({
        code: 'DATABASE_TRANSACTION_CONFLICT',
      });
      await expect(second.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL', message: expect.stringContaining('conflict') });
      await first.commit();
      expect(await balance('shared')).toBe(1);
    });

    it('conflicts when a document was committed by someone else after the transaction started', async () => {
      await db.collection('accounts').add({ _id: 'stale', balance: 10 });
      const transaction = await db.startTransaction();
      expect((await transaction.collection('accounts').doc('stale').get()).data.balance).toBe(10);
      await db.collection('accounts').doc('stale').update({ balance: 11 });
      await expect(transaction.collection('accounts').doc('stale').update({ balance: 20 })).rejects.toMatchObject({
        code: 'DATABASE_TRANSACTION_CONFLICT',
      });
      expect(await balance('stale')).toBe(11);
    });

    it('reads as of its start: a document (or a missing id) committed by someone else since then conflicts', async () => {
      await db.collection('accounts').add({ _id: 'snap', balance: 1 });
      const transaction = await db.startTransaction();
      await db.collection('accounts').doc('snap').update({ balance: 2 });
      await expect(transaction.collection('accounts').doc('snap').get()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });

      const another = await db.startTransaction();
      expect((await another.collection('accounts').doc('snap-new').get()).data).toBeNull();
      await db.collection('accounts').add({ _id: 'snap-new', balance: 3 });
      await expect(another.collection('accounts').doc('snap-new').get()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    });

    it('conflicts on a write to a document changed since it started, even when the write would now change nothing', async () => {
      await db.collection('accounts').add({ _id: 'same-write', balance: 1 });
      const late = await db.startTransaction();
      expect((await late.collection('accounts').doc('same-write').get()).data.balance).toBe(1);
      await db.collection('accounts').doc('same-write').update({ balance: 2 });
      await expect(late.collection('accounts').doc('same-write').update({ balance: 2 })).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    });

    it('lets db.runTransaction retry after a conflict and succeed', async () => {
      await db.collection('accounts').add({ _id: 'retry', balance: 0 });
      const blocker = await db.startTransaction();
      await blocker.collection('accounts').doc('retry').update({ balance: _.inc(1) });

      let attempts = 0;
      const result = await db.runTransaction(async (transaction: Awaited<ReturnType<Database['startTransaction']>>) => {
        attempts += 1;
        const { data } = await transaction.collection('accounts').doc('retry').get();
        try {
          await transaction.collection('accounts').doc('retry').update({ balance: _.inc(100) });
        } catch (error) {
          // Let the blocker finish so that the SDK's retry finds the document free.
          if (attempts === 1) await blocker.commit();
          throw error;
        }
        return data.balance;
      });
      expect(attempts).toBe(2);
      expect(result).toBe(1);
      expect(await balance('retry')).toBe(101);
    });

    it('lets only one of two transactions claim the same unique key', async () => {
      const first = await db.startTransaction();
      const second = await db.startTransaction();
      await first.collection('people_tx').add({ _id: 'person-a', personHash: 'h-same' });
      await expect(second.collection('people_tx').add({ _id: 'person-b', personHash: 'h-same' })).rejects.toMatchObject({
        code: 'DATABASE_TRANSACTION_CONFLICT',
      });
      await first.commit();

      const third = await db.startTransaction();
      await expect(third.collection('people_tx').add({ _id: 'person-c', personHash: 'h-same' })).rejects.toMatchObject({
        code: 'DATABASE_DUPLICATE_WRITE',
      });
      expect(ids((await db.collection('people_tx').where({ personHash: 'h-same' }).get()).data)).toEqual(['person-a']);
    });

    it('creates documents with deterministic ids once under concurrent runTransaction calls', async () => {
      const apply = (attempt: number) =>
        db.runTransaction(async (transaction: Awaited<ReturnType<Database['startTransaction']>>) => {
          const existing = await transaction.collection('people_tx').doc('pass-of-o9').get();
          if (existing.data) return `exists (${attempt})`;
          await transaction.collection('people_tx').add({ _id: 'pass-of-o9', personHash: `h9-${attempt}` });
          return `created (${attempt})`;
        });
      const outcomes = await Promise.allSettled([apply(1), apply(2), apply(3), apply(4)]);
      const created = outcomes.filter((o) => o.status === 'fulfilled' && String(o.value).startsWith('created'));
      expect(created).toHaveLength(1);
      expect((await db.collection('people_tx').where({ _id: 'pass-of-o9' }).count()).total).toBe(1);
    });

    it('makes a write outside transactions wait for the lock holder, then apply on the committed state', async () => {
      await db.collection('accounts').add({ _id: 'waited', balance: 1 });
      const transaction = await db.startTransaction();
      await transaction.collection('accounts').doc('waited').update({ balance: _.inc(10) });

      let settled = false;
      const outside = db
        .collection('accounts')
        .doc('waited')
        .update({ balance: _.inc(100) })
        .finally(() => {
          settled = true;
        });
      await sleep(100);
      expect(settled).toBe(false);
      expect(await balance('waited')).toBe(1);

      await transaction.commit();
      expect((await outside).updated).toBe(1);
      expect(await balance('waited')).toBe(111);
    });

    it('answers DATABASE_TRANSACTION_FAIL for an unknown transaction id', async () => {
      const commit = emulator.database.handleAdmin({ action: 'database.commitTransaction', transactionId: 'never-started' });
      await expect(commit).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL', message: expect.stringContaining('never-started') });
    });
  });
});
