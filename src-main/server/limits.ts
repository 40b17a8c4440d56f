/**
 * Caps that keep one client from taking the server: how many WebSocket connections may be open
 * and how fast one connection may send requests (a token bucket: a burst, then a steady rate).
 */

export interface ServerLimits {
  /** Open WebSocket connections at once; one more is refused with 503. */
  maxConnections: number;
  /** Requests per second one connection may send on average. */
  requestsPerSecond: number;
  /** Requests one connection may send at once before the rate applies (the page's first load). */
  requestBurst: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = { maxConnections: 32, requestsPerSecond: 50, requestBurst: 200 };

/** A token bucket: `take()` is true while the connection stays within burst and rate. */
export class RequestRate {
  readonly #limits: Pick<ServerLimits, 'requestsPerSecond' | 'requestBurst'>;
  readonly #now: () => number;
  #tokens: number;
  #last: number;

  constructor(limits: Pick<ServerLimits, 'requestsPerSecond' | 'requestBurst'>, now: () => number = () => performance.now()) {
    this.#limits = limits;
    this.#now = now;
    this.#tokens = limits.requestBurst;
    this.#last = now();
  }

  take(): boolean {
    const t = this.#now();
    this.#tokens = Math.min(this.#limits.requestBurst, this.#tokens + ((t - this.#last) / 1000) * this.#limits.requestsPerSecond);
    this.#last = t;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

export function rateRefusal(limits: Pick<ServerLimits, 'requestsPerSecond' | 'requestBurst'>): string {
  return `too many requests on this connection: at most ${limits.requestsPerSecond} per second (bursts of ${limits.requestBurst}); this one was not run, send it again later`;
}
