import fs from 'node:fs';
import path from 'node:path';
import { SCHEMA } from '../cloudfunctions/shared/schema';
import { startEmulator } from '../emulator/server';
import { useEmulatorForSdk } from '../emulator/sdk-env';
import { buildFunctions } from './build';
import { buildPreview } from './build-preview';
import { readCloudbaserc, ROOT } from './lib/cloudbaserc';
import { LOCAL_SETTINGS, loadLocalSecrets } from './lib/local-secrets';
import { DEMO_ACCOUNTS, DEMO_ADMIN_OPENIDS, seedDemoData } from './lib/seed';

/** `npm start`: build, start the local CloudBase (database, storage, functions, timers), seed once, serve. */
async function start(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787);
  const dataDir = path.join(ROOT, '.cloud');
  fs.mkdirSync(dataDir, { recursive: true });

  const built = await buildFunctions();
  console.log(`built ${built.length} functions: ${built.map((fn) => fn.name).join(', ')}`);
  const preview = await buildPreview();

  // Functions run in this process and read their configuration from it, as on CloudBase.
  process.env.ADMIN_OPENIDS ??= DEMO_ADMIN_OPENIDS.join(',');
  for (const [name, value] of Object.entries({ ...LOCAL_SETTINGS, ...loadLocalSecrets(dataDir) })) process.env[name] ??= value;
  const emulator = await startEmulator({ port, dataDir, schema: SCHEMA, functions: readCloudbaserc(), preview: { dir: preview.dir, accounts: DEMO_ACCOUNTS } });
  useEmulatorForSdk(emulator.url);

  if (!emulator.runtime) throw new Error('the functions runtime did not start');
  const seeded = await seedDemoData(new Date(), emulator.runtime);
  emulator.runtime?.startTimers((fn, trigger, result) => console.log(`timer ${fn}/${trigger}: ${JSON.stringify(result)}`));

  const { url } = emulator;
  console.log(`
通行 Tongxing is running locally (data in ${path.relative(ROOT, dataDir)}/, ${seeded ? 'demo data seeded now' : 'demo data kept from an earlier start'})

  preview (the mini-program)    ${url}/preview/
  database (node-sdk endpoint)  ${url}/admin
  call a function               curl -s -X POST ${url}/functions/resident -H 'X-WX-OPENID: o-demo-resident-1' -d '{"action":"session"}'
  partner HTTP access           curl -s ${url}/http/feed/status
  fire a timer by hand          curl -s -X POST ${url}/timers/cron/sweep

demo WeChat accounts (openid):
${DEMO_ACCOUNTS.map((account) => `  ${account.openid.padEnd(20)} ${account.label}`).join('\n')}

Press Ctrl-C to stop.`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

start().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
