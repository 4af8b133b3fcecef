import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { useEmulatorForSdk } from '../../emulator/sdk-env';
import { SCHEMA, type DatabaseSchema } from '../../cloudfunctions/shared/schema';

/**
 * Starts an in-memory emulator on a free loopback port and points the node-sdk of this test process at it.
 * One per test file: the SDK reads its endpoint from process.env.
 */
export async function startTestEmulator(schema: DatabaseSchema = SCHEMA): Promise<RunningEmulator> {
  const emulator = await startEmulator({ port: 0, dataDir: null, schema, functions: null });
  useEmulatorForSdk(emulator.url);
  return emulator;
}
