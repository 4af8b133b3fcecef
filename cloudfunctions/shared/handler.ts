import { z } from 'zod';
import type { ActionName, FunctionName, ParamsOf, Result, ResultOf, Role } from '../../typings/contract';
import { callerFromContext, type Caller } from './caller';
import { database, type Database } from './cloudbase';
import { once, readConfig, type FunctionConfig } from './config';
import { AppError, failure, success } from './errors';
import { rolesOf, type RoleDocument } from './roles';
import { COLLECTIONS } from './schema';

// Validation messages reach residents: say them in Chinese.
z.config(z.locales.zhCN());

/** What an action gets besides its parameters. Time is read once per call and passed down. */
export interface ActionContext {
  caller: Caller;
  now: Date;
  db: Database;
  config: FunctionConfig;
  /** The caller's grants document, read at most once per call and only when an action needs it. */
  grants(): Promise<RoleDocument | undefined>;
  roles(): Promise<Role[]>;
}

export interface ActionDefinition<P, R> {
  params: z.ZodType<P>;
  /** Any one of these roles allows the call; 'resident' means every WeChat account. */
  allow: readonly Role[];
  run(params: P, context: ActionContext): Promise<R>;
}

export type ActionTable<F extends FunctionName> = {
  [A in ActionName<F>]: ActionDefinition<ParamsOf<F, A>, ResultOf<F, A>>;
};

/** What a handler needs from the platform; tests and the emulator use the real one. */
export interface Platform {
  db(): Database;
  config(): FunctionConfig;
  clock(): Date;
}

/** Configuration is read once per warm instance, like the environment it comes from. */
export const cloudPlatform: Platform = { db: database, config: once(() => readConfig()), clock: () => new Date() };

export type CallableMain = (event: unknown, context: unknown) => Promise<Result<unknown>>;

/** Keys the platform adds to every event (wx.cloud.callFunction sends `userInfo`); never parameters. */
const PLATFORM_EVENT_KEYS = new Set(['action', 'userInfo']);

function describeIssues(error: z.ZodError): string {
  const parts = error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}：${issue.message}` : issue.message));
  return `请求参数不正确：${parts.join('；')}`;
}

function parseEvent(event: unknown): { action: string; params: Record<string, unknown> } {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new AppError('INVALID_REQUEST', '请求格式不正确：应为包含 action 的对象');
  }
  const { action } = event as { action?: unknown };
  if (typeof action !== 'string' || action === '') {
    throw new AppError('INVALID_REQUEST', '请求格式不正确：缺少 action');
  }
  const params = Object.fromEntries(Object.entries(event).filter(([key]) => !PLATFORM_EVENT_KEYS.has(key)));
  return { action, params };
}

/**
 * Builds the `main` of a function called from the mini-program. Each call runs the same steps: parse the
 * event, take the caller from the platform context, authorize by role, run the action, answer a Result.
 */
export function callableFunction<F extends FunctionName>(
  name: F,
  actions: ActionTable<F>,
  platform: Platform = cloudPlatform,
): CallableMain {
  const table = actions as Record<string, ActionDefinition<unknown, unknown>>;
  return async (event, context) => {
    try {
      const { action, params } = parseEvent(event);
      const definition = Object.hasOwn(table, action) ? table[action] : undefined;
      if (!definition) throw new AppError('UNKNOWN_ACTION', `不支持的操作：${name}.${action}`);

      const caller = callerFromContext(context);
      if (!caller.openid) throw new AppError('UNAUTHENTICATED', '未能识别您的微信身份，请在微信中重新打开小程序');

      const parsed = definition.params.safeParse(params);
      if (!parsed.success) throw new AppError('INVALID_REQUEST', describeIssues(parsed.error));

      const db = platform.db();
      const config = platform.config();
      const grants = once(async () => {
        const { data } = await db.collection(COLLECTIONS.roles).doc(caller.openid).get();
        return (data as RoleDocument[])[0];
      });
      const roles = once(async () => rolesOf(caller.openid, await grants(), config.adminOpenids));
      const actionContext: ActionContext = { caller, now: platform.clock(), db, config, grants, roles };

      if (!definition.allow.includes('resident')) {
        const held = await roles();
        if (!definition.allow.some((role) => held.includes(role))) {
          throw new AppError('FORBIDDEN', '您的账号没有进行此操作的权限');
        }
      }
      return success(await definition.run(parsed.data, actionContext));
    } catch (error) {
      return answerError(name, error);
    }
  };
}

/** Turns a thrown error into a Failure; unexpected errors are logged by kind only (events may hold personal data). */
export function answerError(functionName: string, error: unknown): Result<never> {
  if (error instanceof AppError) return failure(error.code, error.message, error.detail);
  // A message may quote data (an SDK error echoing a query): anything shaped like an ID number is masked.
  const kind = error instanceof Error ? `${error.name}: ${error.message.replace(/\d{14,17}[\dXx]/g, '<id-like number>')}` : typeof error;
  console.error(`[${functionName}] unexpected error ${kind}`);
  return failure('INTERNAL', '系统繁忙，请稍后重试');
}
