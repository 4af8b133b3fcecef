import { Command } from 'commander';
import { SCHEMA } from '../cloudfunctions/shared/schema';
import { EXIT, runAsScript } from './lib/cli';
import { connectManager, hasCredentials, LOGIN_HELP, loadEnvValues, parseTargetArguments, type TargetOptions } from './lib/cloud-target';
import { describeSetup, indexesToCreate, planSetup, type SetupCall } from './lib/setup-plan';

/**
 * `npm run setup:cloud -- --env <envId> [--env-file <file>] [--dry-run]`: creates the collections of
 * cloudfunctions/shared/schema.ts in a CloudBase environment with their indexes and security rules, and sets
 * the storage rule, through @cloudbase/manager-node. Safe to run again after every schema change.
 */

export interface SetupIo {
  connect: typeof connectManager;
  log(text: string): void;
  env: NodeJS.ProcessEnv;
}

const DEFAULT_IO: SetupIo = { connect: connectManager, log: (text) => console.log(text), env: process.env };

/** Runs one planned call; an index call first reads what the collection has, so that reruns create nothing twice. */
async function execute(manager: ReturnType<typeof connectManager>, call: SetupCall, log: (text: string) => void): Promise<string[]> {
  switch (call.method) {
    case 'database.createCollectionIfNotExists': {
      const { IsCreated } = await manager.database.createCollectionIfNotExists(...call.args);
      log(`${call.args[0]}: ${IsCreated ? 'created' : 'exists'}`);
      return [];
    }
    case 'database.updateCollection': {
      const [collection, { CreateIndexes }] = call.args;
      const { Indexes = [] } = await manager.database.describeCollection(collection);
      const { create, conflicts } = indexesToCreate(CreateIndexes, Indexes);
      if (create.length > 0) await manager.database.updateCollection(collection, { CreateIndexes: create });
      log(`${collection}: indexes created ${create.map((index) => index.IndexName).join(', ') || 'none'}`);
      return conflicts.map((conflict) => `${collection}: ${conflict}`);
    }
    case 'commonService.call':
      await manager.commonService().call(...call.args);
      log(`${call.args[0].Param.CollectionName}: security rule ${call.args[0].Param.AclTag}`);
      return [];
    case 'storage.setStorageAcl':
      await manager.storage.setStorageAcl(...call.args);
      log('storage: security rule set');
      return [];
  }
}

export async function runSetup(argv: readonly string[], io: SetupIo = DEFAULT_IO): Promise<number> {
  const options = parseTargetArguments<TargetOptions>(
    new Command().name('npm run setup:cloud --').description('create the collections, indexes and security rules of the schema file'),
    argv,
  );
  if (typeof options === 'number') return options;
  let envId: string | undefined;
  try {
    envId = options.env ?? loadEnvValues(options).ENV_ID;
  } catch (error) {
    io.log(`cannot set up: ${(error as Error).message}`);
    return EXIT.usage;
  }
  if (!envId) {
    io.log('cannot set up: no ENV_ID in the env file');
    return EXIT.usage;
  }
  const calls = planSetup(SCHEMA, envId);
  if (options.dryRun) {
    io.log(`dry run: nothing is changed. Calls of @cloudbase/manager-node (an index call first reads the collection's indexes and creates only missing ones):\n${describeSetup(envId, calls)}`);
    return EXIT.completed;
  }
  if (!hasCredentials(io.env)) {
    io.log(LOGIN_HELP);
    return EXIT.usage;
  }
  const manager = io.connect(envId, io.env);
  const conflicts: string[] = [];
  for (const call of calls) conflicts.push(...(await execute(manager, call, io.log)));
  if (conflicts.length > 0) {
    io.log(`not resolved (drop the index in the console, 数据库 → 索引管理, then run again):\n${conflicts.map((line) => `  - ${line}`).join('\n')}`);
    return EXIT.failed;
  }
  return EXIT.completed;
}

if (require.main === module) runAsScript((argv) => runSetup(argv));
