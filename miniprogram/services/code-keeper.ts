import type { CodeView, Failure, Result } from '../../typings/contract';

/**
 * Keeps a pass code fresh for the code page: shows the last code from wx storage at once while it is still valid
 * (no call: at rush hour every avoided call counts), refreshes it at 70 to 85 % of its lifetime (the spread keeps
 * a crowd that opened the page together from calling together), retries a failed refresh with capped exponential
 * backoff, and reports every second, on the server's clock as the last answer set it, whether the code on screen
 * may still be shown as valid.
 */

/** What the page shows, reported on every change and every second. */
export interface CodeState {
  /** The code last received (or stored), even once expired: the page decides what to show of it. */
  code: CodeView | null;
  /** The server's time (epoch ms) as the phone best knows it. */
  serverNow: number;
  /** The code may be shown as valid: active, and not expired on the server's clock. */
  valid: boolean;
  /** The last call failed (cleared by the next success). */
  failure: Failure | null;
  /** A failure that waiting does not cure (no pass, a revoked family grant): nothing more is tried until asked. */
  stopped: boolean;
  /** A call is on its way. */
  fetching: boolean;
}

interface StoredCode {
  code: CodeView;
  /** Server clock minus phone clock (ms) when the code arrived. */
  clockOffsetMs: number;
}

export interface CodeKeeperOptions {
  /** Asks the server for a fresh code (resident.code or resident.familyCode). */
  fetch: () => Promise<Result<CodeView>>;
  /** The wx storage key of this code (one per pass shown). */
  storageKey: string;
  onChange: (state: CodeState) => void;
  /** Math.random by default; tests fix it. */
  random?: () => number;
}

/** When in its lifetime a code is refreshed: a random point in this range. */
export const REFRESH_WINDOW = { from: 0.7, to: 0.85 } as const;
/** Backoff after failed refreshes: 2 s, 4 s, 8 s … up to 30 s, each drawn from its upper half. */
export const RETRY_BASE_MS = 2000;
export const RETRY_CAP_MS = 30_000;
const TICK_MS = 1000;

/** Failures that a later try may cure; any other stops the refreshing until the person asks again. */
const TRANSIENT = new Set<Failure['code']>(['UNAVAILABLE', 'INTERNAL', 'RATE_LIMITED', 'CONFLICT']);

export class CodeKeeper {
  private readonly options: CodeKeeperOptions;
  private readonly random: () => number;
  private stored: StoredCode | null = null;
  private failure: Failure | null = null;
  private failedAttempts = 0;
  private stopped = false;
  private fetching = false;
  /** Timers run only while the page is on screen. */
  private running = false;
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the next call is due (phone clock, ms), kept across pause and resume. */
  private nextCallAt = 0;

  constructor(options: CodeKeeperOptions) {
    this.options = options;
    this.random = options.random ?? Math.random;
  }

  /** Shows the stored code if it is still valid, else calls at once; then keeps time. */
  start(): void {
    const stored = readStored(this.options.storageKey);
    if (stored && this.isValid(stored, Date.now())) {
      this.stored = stored;
      this.nextCallAt = this.refreshTimeOf(stored);
    }
    this.resume();
  }

  /** The page is on screen again: catch up on what came due while it was hidden. */
  resume(): void {
    if (this.running) return;
    this.running = true;
    this.tickTimer = setInterval(() => this.report(), TICK_MS);
    this.scheduleCall();
    this.report();
  }

  /** The page is hidden or gone: no timers, no calls. A call on its way still lands in storage. */
  pause(): void {
    this.running = false;
    if (this.tickTimer !== null) clearInterval(this.tickTimer);
    if (this.refreshTimer !== null) clearTimeout(this.refreshTimer);
    this.tickTimer = null;
    this.refreshTimer = null;
  }

  /** The person asks (重新获取): call now, whatever the schedule or an earlier refusal said. */
  refreshNow(): void {
    this.stopped = false;
    this.nextCallAt = 0;
    this.scheduleCall();
  }

  private scheduleCall(): void {
    if (!this.running || this.stopped || this.fetching) return;
    if (this.refreshTimer !== null) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.call(), Math.max(0, this.nextCallAt - Date.now()));
  }

  private async call(): Promise<void> {
    this.refreshTimer = null;
    this.fetching = true;
    this.report();
    const result = await this.options.fetch();
    this.fetching = false;
    const now = Date.now();
    if (result.ok) {
      this.stored = { code: result.data, clockOffsetMs: result.data.serverTime - now };
      this.failure = null;
      this.failedAttempts = 0;
      this.nextCallAt = this.refreshTimeOf(this.stored);
      wx.setStorageSync(this.options.storageKey, this.stored);
    } else if (TRANSIENT.has(result.code)) {
      this.failure = result;
      this.failedAttempts++;
      const backoff = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (this.failedAttempts - 1));
      this.nextCallAt = now + backoff * (0.5 + this.random() / 2);
    } else {
      // No pass, or the family member withdrew the grant: the code on screen must go, here and in storage.
      this.failure = result;
      this.stopped = true;
      this.stored = null;
      wx.removeStorageSync(this.options.storageKey);
    }
    this.scheduleCall();
    this.report();
  }

  private report(): void {
    // A call that lands after the page went away has nobody to tell.
    if (!this.running) return;
    const now = Date.now();
    const offset = this.stored?.clockOffsetMs ?? 0;
    this.options.onChange({
      code: this.stored?.code ?? null,
      serverNow: now + offset,
      valid: this.stored !== null && this.isValid(this.stored, now),
      failure: this.failure,
      stopped: this.stopped,
      fetching: this.fetching,
    });
  }

  private isValid({ code, clockOffsetMs }: StoredCode, phoneNow: number): boolean {
    return code.status === 'active' && phoneNow + clockOffsetMs < code.expiresAt;
  }

  /** The phone time at which to refresh `stored`: a random point of REFRESH_WINDOW in its lifetime. */
  private refreshTimeOf({ code, clockOffsetMs }: StoredCode): number {
    const share = REFRESH_WINDOW.from + (REFRESH_WINDOW.to - REFRESH_WINDOW.from) * this.random();
    return code.issuedAt + (code.expiresAt - code.issuedAt) * share - clockOffsetMs;
  }
}

function readStored(key: string): StoredCode | null {
  const stored: unknown = wx.getStorageSync(key);
  if (typeof stored !== 'object' || stored === null) return null;
  const { code, clockOffsetMs } = stored as Partial<StoredCode>;
  return code && typeof code.url === 'string' && typeof code.expiresAt === 'number' && typeof clockOffsetMs === 'number' ? { code, clockOffsetMs } : null;
}
