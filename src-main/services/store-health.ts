/**
 * Whether the scheduler can write its store, and when it may try again: a locked database
 * backs off (doubling from the flush period up to MAX_BUSY_BACKOFF_MS); a full disk or any
 * other failure holds the queue and retries every `storageRetryMs`. It says each change of
 * state once in the log; what the queue does about it is the scheduler's.
 */
import type { StorageState } from '#shared/api.ts';
import { classifyStoreError, describeStoreError } from './store-errors.ts';
import { UserError } from './user-error.ts';

/** Backoff of writes that found the database locked: doubling from the flush period up to this. */
const MAX_BUSY_BACKOFF_MS = 2000;
const STORAGE_OK: StorageState = { state: 'ok', message: null, since: null };

export interface StoreHealthOptions {
  flushMs: number;
  storageRetryMs: number;
  log: (line: string) => void;
}

export class StoreHealth {
  private current: StorageState = STORAGE_OK;
  /** No store work before this time (backing off after a failure). */
  private retryAtMs = 0;
  private busyBackoffMs = 0;
  private readonly options: StoreHealthOptions;

  constructor(options: StoreHealthOptions) {
    this.options = options;
  }

  get state(): StorageState {
    return this.current;
  }

  get ok(): boolean {
    return this.current.state === 'ok';
  }

  /** Store work waits until this time. */
  get retryAt(): number {
    return this.retryAtMs;
  }

  /**
   * The store refused a write for a reason outside it. True when it has just become unwritable
   * for longer than a lock lasts (disk full, other failures): running runs should be held.
   */
  failed(error: unknown): boolean {
    const kind = classifyStoreError(error);
    const now = Date.now();
    if (kind === 'busy') {
      this.busyBackoffMs = Math.min(MAX_BUSY_BACKOFF_MS, Math.max(this.options.flushMs, this.busyBackoffMs * 2));
      this.retryAtMs = now + this.busyBackoffMs;
    } else {
      this.retryAtMs = now + this.options.storageRetryMs;
    }
    const state = kind === 'other' ? 'error' : kind;
    if (this.current.state === state) return false;
    const message = describeStoreError(error);
    this.current = { state, message, since: new Date(now).toISOString() };
    if (kind === 'busy') {
      this.options.log(`the database is locked by another connection (${message}); retrying with backoff`);
      return false;
    }
    this.options.log(`the store cannot be written (${state}: ${message}); no run starts and running runs are held until a retry every ${this.options.storageRetryMs / 1000} s succeeds`);
    return true;
  }

  /** A write went through. True when that ends a failure: held runs may go on. */
  written(): boolean {
    this.busyBackoffMs = 0;
    if (this.current.state === 'ok') return false;
    const was = this.current;
    this.current = STORAGE_OK;
    this.options.log(`the store is writable again (${was.state} since ${was.since}); the queue goes on`);
    return true;
  }

  /** Refuses a user's change to a run while the store cannot record it. */
  assertWritable(what: string): void {
    if (this.current.state !== 'ok') {
      throw new UserError(`runs cannot be ${what} while the store cannot be written (${this.current.state}: ${this.current.message}); archwalk retries by itself`);
    }
  }
}
