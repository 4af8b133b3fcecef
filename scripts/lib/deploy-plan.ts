import { z } from 'zod';
import { readConfig } from '../../cloudfunctions/shared/config';
import { tokenUrl } from '../../cloudfunctions/shared/domain/token/url';

/**
 * Planning of `npm run deploy`, pure: cloudbaserc.json + the values of its `{{env.X}}` placeholders → the
 * manager-node calls that deploy. The executor (scripts/deploy.ts) only carries them out or prints them.
 */

/**
 * The fields deploy relies on are required here rather than left to the cloud's defaults: a function created
 * without `runtime` would get Nodejs18.15, and the runtime cannot be changed afterwards. Every other field of a
 * function entry is passed on as written, as `tcb fn deploy` does.
 */
const FUNCTION_ENTRY = z.looseObject({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  handler: z.string(),
  runtime: z.string(),
  timeout: z.number().int(),
  memorySize: z.number().int(),
  envVariables: z.record(z.string(), z.string()).default({}),
  triggers: z.array(z.object({ name: z.string(), type: z.literal('timer'), config: z.string() })).default([]),
});
const RC_FILE = z.object({ envId: z.string(), functionRoot: z.string(), functions: z.array(FUNCTION_ENTRY).min(1) });

export type RcFile = z.infer<typeof RC_FILE>;
export type FunctionEntry = z.infer<typeof FUNCTION_ENTRY>;

export function parseRcFile(json: unknown): RcFile {
  return RC_FILE.parse(json);
}

/** One `functions.createFunction` call of manager-node, as `tcb fn deploy <name> --force` makes it. */
export interface DeployCall {
  method: 'functions.createFunction';
  args: {
    /** The function entry of cloudbaserc.json with its placeholders filled, plus the HTTP access path if any. */
    func: FunctionEntry & { path?: string };
    /** The built folders' parent: the packer zips `<functionRootPath>/<name>`. */
    functionRootPath: string;
    /** Create, or update code, configuration and trigger of an existing function. */
    force: true;
  };
}

export interface DeployPlan {
  envId: string;
  calls: DeployCall[];
}

/** Values missing or unusable; all are listed at once, by name, never with a value. */
export class DeployConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`cannot deploy:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'DeployConfigError';
  }
}

const PLACEHOLDER = /\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

function placeholderNames(template: string): string[] {
  return Array.from(template.matchAll(PLACEHOLDER), (match) => match[1]);
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => values[name]);
}

/**
 * Checks the values the way the functions will read them, so that a malformed key fails the deploy, not every
 * request after it. A check runs when any of its variables is deployed; the parsers' messages never quote a value.
 */
const VALUE_CHECKS: ReadonlyArray<[names: readonly string[], check: (env: Record<string, string>) => unknown]> = [
  [['ID_HASH_KEY', 'ID_ENCRYPTION_KEYS'], (env) => readConfig(env).idProtector()],
  [['TOKEN_SIGNING_KEYS'], (env) => readConfig(env).tokenKeys()],
  [['FEED_PARTNERS'], (env) => readConfig(env).feedPartners()],
  [['CODE_LIFETIME_SECONDS'], (env) => readConfig(env).codeLifetimeSeconds()],
  [['CARD_LIFETIME_DAYS'], (env) => readConfig(env).cardLifetimeDays()],
  [['CODE_URL_PREFIX'], (env) => tokenUrl(env.CODE_URL_PREFIX, 'AA')],
  [['WECHAT_OPENAPI', 'MINIPROGRAM_VERSION'], (env) => readConfig(env).codeMaker()],
  [['SUBSCRIBE_TEMPLATE_COLOUR', 'SUBSCRIBE_TEMPLATE_APPEAL_REPLY', 'SUBSCRIBE_TEMPLATE_APPEAL_REQUEST'], (env) => readConfig(env).subscriptionMessages()],
  [
    ['FACE_VERIFICATION', 'WECHAT_APPID', 'WECHAT_APPSECRET'],
    (env) => {
      if (readConfig(env).faceVerifier()?.kind === 'local') throw new Error('local approves every application without a face scan: use wechat or off in the cloud');
    },
  ],
];

/** Values only some settings need (the AppSecret only for FACE_VERIFICATION=wechat): the value checks say when. */
const MAY_BE_EMPTY: ReadonlySet<string> = new Set(['WECHAT_APPID', 'WECHAT_APPSECRET']);

function valueProblems(names: readonly string[], values: Record<string, string>): string[] {
  return VALUE_CHECKS.filter(([checked]) => checked.some((name) => names.includes(name))).flatMap(([checked, check]) => {
    try {
      check(values);
      return [];
    } catch (error) {
      const message = error instanceof z.ZodError ? error.issues.map((issue) => issue.message).join('; ') : (error as Error).message;
      return [`${checked.join(', ')}: ${message}`];
    }
  });
}

export interface DeployInput {
  rc: RcFile;
  /** Absolute folder of the built functions (cloudbaserc.json's functionRoot). */
  functionRootPath: string;
  /** Values from the local env file (ENV_ID included). */
  values: Readonly<Record<string, string>>;
  /** Function names to deploy; all when empty. */
  only: readonly string[];
  /** HTTP access paths by function name (the feed function's mount path). */
  httpPaths: Readonly<Record<string, string>>;
}

export function planDeploy({ rc, functionRootPath, values, only, httpPaths }: DeployInput): DeployPlan {
  const unknown = only.filter((name) => !rc.functions.some((func) => func.name === name));
  if (unknown.length > 0) {
    throw new DeployConfigError([`--only names functions not in cloudbaserc.json: ${unknown.join(', ')} (known: ${rc.functions.map((func) => func.name).join(', ')})`]);
  }
  const selected = rc.functions.filter((func) => only.length === 0 || only.includes(func.name));
  const needed = [...new Set([...placeholderNames(rc.envId), ...selected.flatMap((func) => Object.values(func.envVariables).flatMap(placeholderNames))])];
  const missing = needed.filter((name) => !values[name]?.trim() && !MAY_BE_EMPTY.has(name));
  const problems = missing.length > 0 ? [`no value for ${missing.join(', ')} in the env file`] : [];
  if (problems.length > 0) throw new DeployConfigError(problems);
  const filled = Object.fromEntries(needed.map((name) => [name, values[name] ?? '']));
  problems.push(...valueProblems(needed, filled));
  if (problems.length > 0) throw new DeployConfigError(problems);

  const calls = selected.map((func): DeployCall => {
    const envVariables = Object.fromEntries(Object.entries(func.envVariables).map(([key, template]) => [key, fill(template, filled)]));
    const path = httpPaths[func.name];
    return {
      method: 'functions.createFunction',
      args: { func: { ...func, envVariables, ...(path === undefined ? {} : { path }) }, functionRootPath, force: true },
    };
  });
  return { envId: fill(rc.envId, filled), calls };
}

/**
 * The plan as text, for the dry run: every call with its arguments, each environment variable shown by its
 * name only, so the output can be pasted into a ticket.
 */
export function describeDeploy(plan: DeployPlan): string {
  const lines = [`CloudBase environment: ${plan.envId}`, 'credentials: TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY (not shown)'];
  for (const call of plan.calls) {
    const func = { ...call.args.func, envVariables: Object.fromEntries(Object.keys(call.args.func.envVariables).map((key) => [key, `<${key}>`])) };
    lines.push(`${call.method}(${JSON.stringify({ ...call.args, func }, null, 2)})`);
  }
  return lines.join('\n');
}
