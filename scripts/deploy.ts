import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { FEED_MOUNT_PATH } from '../cloudfunctions/feed';
import { buildFunctions } from './build';
import { EXIT, runAsScript } from './lib/cli';
import { ROOT } from './lib/cloudbaserc';
import { connectManager, hasCredentials, LOGIN_HELP, loadEnvValues, parseTargetArguments, type TargetOptions } from './lib/cloud-target';
import { DeployConfigError, describeDeploy, parseRcFile, planDeploy, type DeployPlan } from './lib/deploy-plan';

/**
 * `npm run deploy -- --env <envId> [--env-file <file>] [--only resident,guard] [--dry-run]`: builds, then
 * deploys the functions of cloudbaserc.json with their runtime, handler, timeout, memory, environment
 * variables (filled from the local env file) and timer trigger, and mounts `feed` on the HTTP access service.
 *
 * Why manager-node and not a shell-out to `tcb fn deploy`: the CLI's deploy *is* manager-node's
 * `functions.createFunction({ func, functionRootPath, force })` (cloudbase-cli src/function/create.ts), so
 * calling it directly deploys the same cloudbaserc.json the same way, without the CLI's 34 MB bundle, with
 * one kind of login shared with setup:cloud, values from any env file (the CLI reads only `.env.<mode>`
 * beside cloudbaserc.json), all missing values refused at once, and a dry run that shows the exact calls.
 */

interface Options extends TargetOptions {
  only: string[];
}

export interface DeployIo {
  build(): Promise<unknown>;
  connect: typeof connectManager;
  log(text: string): void;
  env: NodeJS.ProcessEnv;
}

const DEFAULT_IO: DeployIo = { build: buildFunctions, connect: connectManager, log: (text) => console.log(text), env: process.env };

export async function runDeploy(argv: readonly string[], io: DeployIo = DEFAULT_IO): Promise<number> {
  const options = parseTargetArguments<Options>(
    new Command()
      .name('npm run deploy --')
      .description('build and deploy the cloud functions of cloudbaserc.json')
      .option('--only <names>', 'comma-separated function names', (value) => value.split(',').map((name) => name.trim()).filter(Boolean), []),
    argv,
  );
  if (typeof options === 'number') return options;
  const rcFile = path.join(ROOT, 'cloudbaserc.json');
  const rc = parseRcFile(JSON.parse(fs.readFileSync(rcFile, 'utf8')));
  let plan: DeployPlan;
  try {
    const values = loadEnvValues(options);
    plan = planDeploy({ rc, functionRootPath: path.resolve(ROOT, rc.functionRoot), values, only: options.only, httpPaths: { feed: FEED_MOUNT_PATH } });
  } catch (error) {
    io.log(error instanceof DeployConfigError ? error.message : `cannot deploy: ${(error as Error).message}`);
    return EXIT.usage;
  }
  if (!options.dryRun && !hasCredentials(io.env)) {
    io.log(LOGIN_HELP);
    return EXIT.usage;
  }

  await io.build();
  if (options.dryRun) {
    io.log(`dry run: nothing is deployed. Calls of @cloudbase/manager-node:\n${describeDeploy(plan)}`);
    return EXIT.completed;
  }
  const manager = io.connect(plan.envId, io.env);
  for (const call of plan.calls) {
    const folder = path.join(call.args.functionRootPath, call.args.func.name);
    if (!fs.existsSync(path.join(folder, 'index.js'))) throw new Error(`${folder}/index.js is missing after the build`);
    io.log(`deploying ${call.args.func.name} …`);
    await manager.functions.createFunction(call.args);
  }
  io.log(`deployed ${plan.calls.map((call) => call.args.func.name).join(', ')} to ${plan.envId}`);
  return EXIT.completed;
}

if (require.main === module) runAsScript((argv) => runDeploy(argv));
