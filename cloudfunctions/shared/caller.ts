import tcb from '@cloudbase/node-sdk';

/** Who triggered this invocation, as the platform (never the event) says. */
export interface Caller {
  /** WeChat openid; empty for timer and HTTP-access invocations. */
  openid: string;
  appid: string;
  unionid: string;
  /** 'timer' for timer triggers; empty otherwise. */
  triggerSource: string;
}

type PlatformContext = Parameters<typeof tcb.getCloudbaseContext>[0];

function hasEnvironment(context: unknown): context is PlatformContext {
  return typeof context === 'object' && context !== null && ('environment' in context || 'environ' in context);
}

/**
 * Reads the caller from the invocation context CloudBase passes to `main`. The openid in an event is
 * client-controlled and ignored: only the context is trusted.
 */
export function callerFromContext(context: unknown): Caller {
  // Without `environment`/`environ` the SDK throws INVALID_CONTEXT; fall back to the process environment
  // (older runtimes put the WX_* keys there).
  const platform = tcb.getCloudbaseContext(hasEnvironment(context) ? context : undefined);
  return {
    openid: platform.WX_OPENID ?? '',
    appid: platform.WX_APPID ?? '',
    unionid: platform.WX_UNIONID ?? '',
    triggerSource: platform.TRIGGER_SRC ?? '',
  };
}
