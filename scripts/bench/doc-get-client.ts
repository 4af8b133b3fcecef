import { database } from '../../cloudfunctions/shared/cloudbase';
import { useEmulatorForSdk } from '../../emulator/sdk-env';

/**
 * One load-generating client of the doc().get() benchmark, in its own process as a function instance would
 * be: `<url> <documents> <inFlight> <startAtMs> <seconds>`. Prints `{ calls, cpuMs }` as JSON.
 */
async function main(): Promise<void> {
  const [url, documents, inFlight, startAt, seconds] = process.argv.slice(2);
  useEmulatorForSdk(url);
  const collection = database().collection('bench');
  const pick = () => `doc-${Math.floor(Math.random() * Number(documents))}`;
  for (let i = 0; i < 100; i++) await collection.doc(pick()).get(); // warm connections and code
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
  const deadline = Date.now() + Number(seconds) * 1000;
  const cpuBefore = process.cpuUsage();
  let calls = 0;
  await Promise.all(
    Array.from({ length: Number(inFlight) }, async () => {
      while (Date.now() < deadline) {
        await collection.doc(pick()).get();
        calls++;
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  process.stdout.write(JSON.stringify({ calls, cpuMs: (cpu.user + cpu.system) / 1000 }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
