import { SCHEMA } from '../cloudfunctions/shared/schema';
import { startEmulator } from './server';

/**
 * The database and storage emulator alone, in its own process (no functions): the crash test kills it
 * with SIGKILL and the benchmark measures it from another process, as functions would call it.
 * Prints one JSON line `{ "url": ... }` once it listens.
 */
async function main(): Promise<void> {
  const dataDir = process.env.TONGXING_DATA_DIR ?? null;
  const emulator = await startEmulator({ port: Number(process.env.PORT ?? 0), dataDir, schema: SCHEMA, functions: null });
  process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`);
  process.on('SIGTERM', () => void emulator.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
