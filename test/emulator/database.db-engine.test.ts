/**
 * The database engine on its own (openDatabase, requests shaped as the SDK sends them): behaviour that
 * needs options the HTTP emulator does not expose, a file on disk, or a request the SDK never sends.
 * SDK-level conformance is in database.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EJSON } from 'bson';
import type { DatabaseSchema } from '../../cloudfunctions/shared/schema';
import { openDatabase, type DatabaseOptions, type EmulatorDatabase } from '../../emulator/db';

const SCHEMA: DatabaseSchema = {
  collections: [
    {
      name: 'passes',
      description: 'test passes',
      indexes: [{ name: 'openid_unique', keys: [{ field: 'openid', direction: 1 }], unique: true }],
      securityRule: 'ADMINONLY',
    },
    { name: 'bulk', description: 'many documents', indexes: [], securityRule: 'ADMINONLY' },
  ],
};

const ejson = (value: unknown): string => EJSON.stringify(value as object, { relaxed: false });
const parse = (text: unknown): Record<string, unknown> => EJSON.parse(text as string) as Record<string, unknown>;

/** Thin wrappers producing the request bodies the SDK sends (see notes/cloudbase-wire-capture.json). */
function client(database: EmulatorDatabase) {
  const send = (action: string, fields: Record<string, unknown> = {}) => database.handleAdmin({ action: `database.${action}`, ...fields });
  return {
    send,
    insert: (collectionName: string, docs: object[], transactionId?: string) =>
      send('insertDocument', { collectionName, data: docs.map(ejson), transactionId }),
    get: async (collectionName: string, id: string, transactionId?: string) => {
      const response = await send('getDocument', { collectionName, queryType: 'DOC', query: ejson({ _id: id }), transactionId });
      return ((response.data as { list: string[] }).list).map(parse);
    },
    update: (collectionName: string, id: string, operators: object, transactionId?: string) =>
      send('modifyDocument', {
        collectionName,
        queryType: 'DOC',
        query: ejson({ _id: id }),
        data: ejson(operators),
        multi: false,
        merge: true,
        upsert: false,
        transactionId,
      }),
    startTransaction: async () => (await send('startTransaction')).transactionId as string,
    commit: (transactionId: string) => send('commitTransaction', { transactionId }),
  };
}

describe('database engine', () => {
  const opened: EmulatorDatabase[] = [];
  let dir: string;

  const open = (options: Partial<DatabaseOptions> = {}): EmulatorDatabase => {
    const database = openDatabase({ file: null, schema: SCHEMA, ...options });
    opened.push(database);
    return database;
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxing-db-'));
  });

  afterEach(() => {
    for (const database of opened.splice(0)) database.close();
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('durability', () => {
    it('restores committed documents, collections and unique indexes from the file, and no uncommitted transaction data', async () => {
      const file = path.join(dir, 'reopen', 'database.sqlite');
      const first = client(open({ file }));
      await first.insert('passes', [
        { _id: 'p1', openid: 'o1', issuedAt: new Date('2024-01-02T03:04:05.006Z'), n: 1 },
        { _id: 'p2', openid: 'o2', n: 2 },
      ]);
      await first.update('passes', 'p1', { $inc: { n: 10 } });
      await first.send('addCollection', { collectionName: 'runtime_made' });
      await first.insert('runtime_made', [{ _id: 'r1' }]);
      const transactionId = await first.startTransaction();
      await first.insert('passes', [{ _id: 'uncommitted', openid: 'o3' }], transactionId);
      await first.update('passes', 'p2', { $set: { n: 999 } }, transactionId);
      opened.pop()!.close();

      const second = client(open({ file }));
      expect(await second.get('passes', 'p1')).toEqual([{ _id: 'p1', openid: 'o1', issuedAt: new Date('2024-01-02T03:04:05.006Z'), n: 11 }]);
      expect(await second.get('passes', 'p2')).toEqual([{ _id: 'p2', openid: 'o2', n: 2 }]);
      expect(await second.get('passes', 'uncommitted')).toEqual([]);
      expect(await second.get('runtime_made', 'r1')).toEqual([{ _id: 'r1' }]);
      await expect(second.insert('passes', [{ _id: 'p9', openid: 'o1' }])).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
      await expect(second.commit(transactionId)).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
    });

    it('keeps natural order across a reopen, also for documents updated after insertion', async () => {
      const file = path.join(dir, 'order.sqlite');
      const first = client(open({ file }));
      await first.insert('bulk', [{ _id: 'b' }, { _id: 'a' }, { _id: 'c' }]);
      await first.update('bulk', 'b', { $set: { touched: true } });
      opened.pop()!.close();

      const response = await client(open({ file })).send('getDocument', { collectionName: 'bulk', queryType: 'WHERE', limit: 10 });
      expect((response.data as { list: string[] }).list.map((text) => parse(text)._id)).toEqual(['b', 'a', 'c']);
    });

    it('writes a commit to the file as a whole: a reopened file has all of it', async () => {
      const file = path.join(dir, 'commit.sqlite');
      const first = client(open({ file }));
      const transactionId = await first.startTransaction();
      await first.insert('passes', [{ _id: 'c1', openid: 'oc1' }], transactionId);
      await first.insert('bulk', [{ _id: 'c2' }], transactionId);
      await first.commit(transactionId);
      opened.pop()!.close();

      const second = client(open({ file }));
      expect(await second.get('passes', 'c1')).toHaveLength(1);
      expect(await second.get('bulk', 'c2')).toHaveLength(1);
    });

    it('refuses a second open of a file in use, so two emulators never write behind each other', () => {
      const file = path.join(dir, 'exclusive.sqlite');
      open({ file });
      expect(() => openDatabase({ file, schema: SCHEMA })).toThrow(/in use by another process/);
      opened.pop()!.close();
      expect(() => open({ file })).not.toThrow();
    });

    it('refuses to open a file whose documents break a unique index of the schema, naming them', async () => {
      const file = path.join(dir, 'late-index.sqlite');
      const plain: DatabaseSchema = { collections: [{ ...SCHEMA.collections[0]!, indexes: [] }] };
      const first = client(open({ file, schema: plain }));
      await first.insert('passes', [
        { _id: 'x1', openid: 'same' },
        { _id: 'x2', openid: 'same' },
      ]);
      opened.pop()!.close();
      expect(() => openDatabase({ file, schema: SCHEMA })).toThrow(/openid_unique.*"x1".*"x2"/);
    });
  });

  describe('transactions', () => {
    it('aborts an idle transaction after the timeout, releasing its locks and dropping its writes', async () => {
      const database = client(open({ transactionIdleMs: 50 }));
      await database.insert('passes', [{ _id: 'idle', openid: 'oi', n: 0 }]);
      const abandoned = await database.startTransaction();
      await database.update('passes', 'idle', { $inc: { n: 1 } }, abandoned);
      await sleep(120);

      await expect(database.commit(abandoned)).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL', message: expect.stringContaining('expired') });
      const next = await database.startTransaction();
      await database.update('passes', 'idle', { $inc: { n: 5 } }, next);
      await database.commit(next);
      expect(await database.get('passes', 'idle')).toEqual([{ _id: 'idle', openid: 'oi', n: 5 }]);
    });

    it('keeps an active transaction alive: each request restarts its idle clock', async () => {
      // Four pauses of 100 ms outlast the 300 ms idle timeout only if requests do not restart it.
      const database = client(open({ transactionIdleMs: 300 }));
      const transactionId = await database.startTransaction();
      for (let i = 0; i < 4; i += 1) {
        await sleep(100);
        await database.get('passes', 'anything', transactionId);
      }
      await expect(database.commit(transactionId)).resolves.toEqual({});
    });

    it('gives up a write waiting for a transaction lock after lockWaitMs with DATABASE_TIMEOUT', async () => {
      const database = client(open({ lockWaitMs: 50 }));
      await database.insert('passes', [{ _id: 'held', openid: 'oh', n: 0 }]);
      const holder = await database.startTransaction();
      await database.update('passes', 'held', { $set: { n: 1 } }, holder);

      await expect(database.update('passes', 'held', { $set: { n: 2 } })).rejects.toMatchObject({
        code: 'DATABASE_TIMEOUT',
        message: expect.stringContaining(holder),
      });
      await database.commit(holder);
      expect(await database.get('passes', 'held')).toEqual([{ _id: 'held', openid: 'oh', n: 1 }]);
    });

    it('makes an insert outside transactions wait for a unique key a transaction claimed', async () => {
      const database = client(open({ lockWaitMs: 2000 }));
      const holder = await database.startTransaction();
      await database.insert('passes', [{ _id: 'claim-1', openid: 'claimed' }], holder);
      const outside = database.insert('passes', [{ _id: 'claim-2', openid: 'claimed' }]);
      await sleep(30);
      await database.commit(holder);
      await expect(outside).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
    });

    it('aborts a transaction whose request failed, as MongoDB does', async () => {
      const database = client(open());
      await database.insert('passes', [{ _id: 'taken', openid: 'ot' }]);
      const transactionId = await database.startTransaction();
      await database.insert('passes', [{ _id: 'kept?', openid: 'ok' }], transactionId);
      await expect(database.insert('passes', [{ _id: 'taken' }], transactionId)).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
      await expect(database.commit(transactionId)).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL', message: expect.stringContaining('E11000') });
      expect(await database.get('passes', 'kept?')).toEqual([]);
    });
  });

  describe('requests', () => {
    it('applies the default limit of 100 and the maximum of 1000 on the server, whatever the client asks', async () => {
      const database = client(open());
      await database.insert('bulk', Array.from({ length: 1200 }, (_unused, i) => ({ i })));
      const count = async (fields: object) =>
        ((await database.send('getDocument', { collectionName: 'bulk', queryType: 'WHERE', ...fields })).data as { list: string[] }).list.length;
      expect(await count({})).toBe(100);
      expect(await count({ limit: 5000 })).toBe(1000);
      expect(await count({ limit: 1000, offset: 1100 })).toBe(100);
    });

    it('stamps db.serverDate() with the configured clock plus the offset', async () => {
      const database = client(open({ now: () => new Date('2030-01-01T00:00:00.000Z') }));
      await database.send('insertDocument', {
        collectionName: 'bulk',
        data: ['{"_id":"d","at":{"$tcb_server_date":{"offset":{"$numberInt":"1500"}}},"list":[{"$tcb_server_date":{"offset":{"$numberInt":"0"}}}]}'],
      });
      expect(await database.get('bulk', 'd')).toEqual([{ _id: 'd', at: new Date('2030-01-01T00:00:01.500Z'), list: [new Date('2030-01-01T00:00:00.000Z')] }]);
    });

    it('answers canonical EJSON the SDK parses back to the same types', async () => {
      const database = client(open());
      await database.insert('bulk', [{ _id: 'types', int: 3, double: 1.5, big: 2 ** 40, date: new Date(0), re: /a+b/i, nested: [{ n: null }] }]);
      const response = await database.send('getDocument', { collectionName: 'bulk', queryType: 'DOC', query: ejson({ _id: 'types' }) });
      const [text] = (response.data as { list: string[] }).list;
      expect(JSON.parse(text!)).toEqual({
        _id: 'types',
        int: { $numberInt: '3' },
        double: { $numberDouble: '1.5' },
        big: { $numberLong: '1099511627776' },
        date: { $date: { $numberLong: '0' } },
        re: { $regularExpression: { pattern: 'a+b', options: 'i' } },
        nested: [{ n: null }],
      });
    });

    it('answers INVALID_PARAM for malformed EJSON and INVALID_ACTION for legacy or unknown actions', async () => {
      const database = client(open());
      await expect(database.send('getDocument', { collectionName: 'bulk', queryType: 'WHERE', query: '{not json' })).rejects.toMatchObject({
        code: 'INVALID_PARAM',
        message: expect.stringContaining('query'),
      });
      await expect(database.send('getDocument', { queryType: 'WHERE' })).rejects.toMatchObject({ code: 'INVALID_PARAM' });
      await expect(database.send('getInTransaction', { transactionId: 't' })).rejects.toMatchObject({
        code: 'INVALID_ACTION',
        message: expect.stringContaining('runTransaction'),
      });
      await expect(database.send('dropEverything')).rejects.toMatchObject({ code: 'INVALID_ACTION' });
    });

    it('refuses $where and aggregation stages that write, which CloudBase does not run either', async () => {
      const database = client(open());
      await expect(
        database.send('getDocument', { collectionName: 'bulk', queryType: 'WHERE', query: '{"$where":"this.a == 1"}' }),
      ).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
      await expect(
        database.send('aggregateDocuments', { collectionName: 'bulk', stages: [{ stageKey: '$out', stageValue: '"passes"' }] }),
      ).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('$out') });
    });
  });

  it('ensureSchema is idempotent and creates collections added to the schema later', async () => {
    const schema: DatabaseSchema = { collections: [...SCHEMA.collections] };
    const database = openDatabase({ file: null, schema });
    opened.push(database);
    database.ensureSchema();
    schema.collections = [...SCHEMA.collections, { name: 'later', description: '', indexes: [], securityRule: 'ADMINONLY' }];
    database.ensureSchema();
    await expect(client(database).insert('later', [{ _id: 'l' }])).resolves.toMatchObject({ data: { insertedIds: ['l'] } });
  });
});
