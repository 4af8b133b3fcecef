import path from 'node:path';
import CloudBase from '@cloudbase/manager-node';
import type { Command } from 'commander';
import { parseCommandLine } from './cli';
import { ROOT } from './cloudbaserc';
import { readEnvFile } from './env-file';

/**
 * Which CloudBase environment `npm run deploy` and `npm run setup:cloud` act on, and the credentials they act
 * with. Both go through @cloudbase/manager-node, the library `tcb` itself deploys with.
 */

export interface TargetOptions {
  /** The environment id (环境 ID); its values are read from `.env.<envId>` unless envFile is given. */
  env?: string;
  envFile?: string;
  dryRun: boolean;
}

/** Adds the options both commands take and parses; a number is the exit code once commander has printed help or a usage error. */
export function parseTargetArguments<T extends TargetOptions>(program: Command, argv: readonly string[]): T | number {
  program
    .option('--env <envId>', 'CloudBase environment id; values from .env.<envId>')
    .option('--env-file <file>', 'env file (with ENV_ID=<envId>) instead of .env.<envId>')
    .option('--dry-run', 'print every call instead of making it', false)
    .exitOverride();
  return parseCommandLine(() => program.parse(argv, { from: 'user' }).opts<T>());
}

/** The env file's values with ENV_ID set: from --env, else from the file. Never committed (.gitignore: `.env.*`). */
export function loadEnvValues({ env, envFile }: Omit<TargetOptions, 'dryRun'>, root = ROOT): Record<string, string> {
  if (!env && !envFile) throw new Error('say which environment: --env <envId> (reads .env.<envId>) or --env-file <file> (with ENV_ID=<envId> in it)');
  const values = readEnvFile(envFile ? path.resolve(envFile) : path.join(root, `.env.${env}`));
  if (env && values.ENV_ID && values.ENV_ID !== env) throw new Error(`--env ${env} but the env file says ENV_ID=${values.ENV_ID}: which one?`);
  return env ? { ...values, ENV_ID: env } : values;
}

export const LOGIN_HELP = [
  'not logged in: set TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (and TENCENTCLOUD_SESSIONTOKEN for temporary keys)',
  'to an API key (访问管理 CAM → API密钥管理) of an account allowed to manage this CloudBase environment.',
  '`npx tcb login` stores its login for the CLI only; for the CLI by hand: npx tcb login --apiKeyId <SecretId> --apiKey <SecretKey>.',
].join('\n');

export function hasCredentials(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.TENCENTCLOUD_SECRETID && env.TENCENTCLOUD_SECRETKEY);
}

export function connectManager(envId: string, env: NodeJS.ProcessEnv = process.env): CloudBase {
  return new CloudBase({ secretId: env.TENCENTCLOUD_SECRETID, secretKey: env.TENCENTCLOUD_SECRETKEY, token: env.TENCENTCLOUD_SESSIONTOKEN, envId });
}
