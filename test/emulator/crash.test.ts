import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { database, type Transaction } from '../../cloudfunctions/shared/cloudbase';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import { spawnEmulator, type ChildEmulator } from '../../emulator/child';
import { useEmulatorForSdk } from '../../emulator/sdk-env';

jest.setTimeout(60_000);

let dataDir: string;
let emulator: ChildEmulator | undefined;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxing-crash-'));
});
afterAll(async () => {
  await emulator?.stop('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('SIGKILL during acknowledged writes and an open transaction loses no acknowledged write and keeps nothing uncommitted', async () => {
  emulator = await spawnEmulator(dataDir);
  useEmulatorForSdk(emulator.url);
  const meta = database().collection(COLLECTIONS.meta);

  await meta.doc('committed-then-changed').set({ value: 'before' });
  const transaction = await (database().startTransaction as () => Promise<Transaction>)();
  await transaction.collection(COLLECTIONS.meta).doc('uncommitted-insert').set({ by: 'transaction' });
  await transaction.collection(COLLECTIONS.meta).doc('committed-then-changed').update({ value: 'uncommitted' });

  // Four writers stream inserts and updates; the process is killed while they are in flight.
  const acknowledged: string[] = [];
  let killed = false;
  const writer = async (lane: number) => {
    for (let i = 0; !killed; i++) {
      const id = `lane${lane}-${i}`;
      try {
        await meta.add({ _id: id, lane, i });
        await meta.doc(id).update({ confirmed: true });
        acknowledged.push(id);
      } catch {
        return; // the connection died with the process: this write was never acknowledged
      }
    }
  };
  const writers = [0, 1, 2, 3].map(writer);
  while (acknowledged.length < 300) await new Promise((resolve) => setTimeout(resolve, 5));
  killed = true;
  await emulator.stop('SIGKILL');
  await Promise.all(writers);

  emulator = await spawnEmulator(dataDir);
  useEmulatorForSdk(emulator.url);
  const restarted = database().collection(COLLECTIONS.meta);
  for (const id of acknowledged) {
    const { data } = await restarted.doc(id).get();
    expect(data).toEqual([expect.objectContaining({ _id: id, confirmed: true })]);
  }
  expect((await restarted.doc('uncommitted-insert').get()).data).toEqual([]);
  expect((await restarted.doc('committed-then-changed').get()).data).toEqual([expect.objectContaining({ value: 'before' })]);
  // The transaction's locks died with the process: the document is writable again at once.
  await restarted.doc('committed-then-changed').update({ value: 'after' });
  expect((await restarted.doc('committed-then-changed').get()).data).toEqual([expect.objectContaining({ value: 'after' })]);
});
