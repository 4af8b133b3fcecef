/** A limit on attempts per account in fixed windows (e.g. 5 revealing refusals a day). */
export interface RateLimit {
  scope: string;
  max: number;
  windowMs: number;
}

export interface RateWindow {
  /** Document id of the counter: scope, account and window start. */
  id: string;
  endsAt: Date;
}

export function rateWindow(limit: RateLimit, openid: string, now: Date): RateWindow {
  const start = Math.floor(now.getTime() / limit.windowMs) * limit.windowMs;
  return { id: `${limit.scope}:${openid}:${start}`, endsAt: new Date(start + limit.windowMs) };
}
