/** WeChat's convention for asynchronous APIs: success/fail/complete callbacks, or a promise when none is given. */

export interface WxResult {
  errMsg: string;
}

export interface WxError extends WxResult {
  errCode?: number;
}

export interface Callbacks<R> {
  success?: (result: R) => void;
  fail?: (error: WxError) => void;
  complete?: (outcome: R | WxError) => void;
}

/** A failure as WeChat reports it: `<api>:fail <reason>`. */
export function failure(api: string, reason: string, errCode?: number): WxError {
  return errCode === undefined ? { errMsg: `${api}:fail ${reason}` } : { errMsg: `${api}:fail ${reason}`, errCode };
}

/**
 * Runs `work` the way WeChat answers: with callbacks it calls them and returns nothing (so a failure the caller
 * handles in `fail` is no unhandled rejection), without them it returns the promise.
 */
export function answer<R extends WxResult>(options: Callbacks<R> | undefined, work: () => Promise<R>): Promise<R> | undefined {
  const outcome = work();
  if (!options?.success && !options?.fail && !options?.complete) return outcome;
  outcome.then(
    (result) => {
      options.success?.(result);
      options.complete?.(result);
    },
    (error: WxError) => {
      options.fail?.(error);
      options.complete?.(error);
    },
  );
  return undefined;
}
