/**
 * One active run in the scheduler's pool: this attempt's lease and run process, what its
 * process reported that is not written yet (events, the pushes that announce them, summary
 * progress), its log tail, and where its outcome stands. It translates the process's data
 * messages into store events; the scheduler decides what control messages (pause, done,
 * failed, …) do to the run.
 */
import type { CurvePoint, PushEvent, RunStatus } from '#shared/api.ts';
import type { FromWorker, RunResultSummary, TrainingSummary } from '#shared/worker-protocol.ts';
import type { RunLease } from './run-lease.ts';
import type { AsyncStore } from './store-api.ts';
import type { NewEvent, RunProgress, RunRow, Store } from './store.ts';
import type { WorkerHandle } from './worker-launcher.ts';

/** Lines of the process's output kept for a failure's message. */
const LOG_TAIL = 40;

/** The final state a run's attempt reached, written once the store takes it. */
export interface Outcome {
  status: RunStatus;
  reason: string;
  error: string | null;
  mlBackend: string | null;
  /** A finished training run's agent, registered as part of the same attempt. */
  agent: TrainingSummary | null;
}

export interface OutcomeOptions {
  /** Append the process's last output to the reason (a failure's error). */
  withLog?: boolean;
  mlBackend?: string | null;
  agent?: TrainingSummary | null;
  /** A failure's error, when it is not the reason (with the log). */
  error?: string;
}

export class RunSession {
  readonly row: RunRow;
  /** This attempt: every write of the run names it. */
  readonly lease: RunLease;
  /** Set right after the process is launched (its callbacks need the session first). */
  worker!: WorkerHandle;
  lastSeen = Date.now();
  readonly logTail: string[] = [];
  /** The outcome is decided (it may still wait for the store). */
  settled = false;
  outcome: Outcome | null = null;
  outcomeWritten = false;
  exited = false;
  /** A newer attempt owns the run: nothing more is written, the process is ended. */
  fenced = false;
  /** Held between queries while the store cannot be written ('holding' until the process confirms). */
  hold: 'none' | 'holding' | 'held' | 'releasing' = 'none';
  /** Paused by the user (the storage hold leaves such a run alone). */
  userPaused = false;
  stopReason: string | null = null;

  private pending: NewEvent[] = [];
  /** Pushes for the pending events, sent only after they are written. */
  private pendingPushes: PushEvent[] = [];
  private progress: RunProgress = {};

  constructor(row: RunRow, lease: RunLease) {
    this.row = row;
    this.lease = lease;
  }

  /** Whether this attempt may still write the run: not once its outcome is written or a newer attempt took it. */
  get writable(): boolean {
    return !this.outcomeWritten && !this.fenced;
  }

  /** Whether events or query counts wait to be written. */
  get hasNewEvents(): boolean {
    return this.pending.length > 0 || this.progress.queries !== undefined;
  }

  /** A line the process wrote to its output: kept in the log tail and stored as a log event. */
  remember(line: string): void {
    if (!this.writable) return;
    this.addToTail(line);
    this.pending.push({ type: 'log', data: { level: 'output', message: line } });
  }

  /** A log event that is archwalk's own (not the process's). */
  log(level: 'error', message: string): void {
    this.pending.push({ type: 'log', data: { level, message } });
  }

  private addToTail(line: string): void {
    this.logTail.push(line);
    if (this.logTail.length > LOG_TAIL) this.logTail.shift();
  }

  /** Buffers a data message as store events and pushes; false for a control message, which the caller handles. */
  record(message: FromWorker, onPush: ((event: PushEvent) => void) | undefined): boolean {
    switch (message.type) {
      case 'heartbeat':
        return true;
      case 'architecture': {
        const { type: _type, ...data } = message;
        this.pending.push({ type: 'architecture', data });
        this.progress.queries = message.query;
        if (!this.progress.best || message.incumbentHash !== this.progress.best.hash) {
          if (message.incumbentHash === message.hash) {
            this.progress.best = { valid: message.valid, test: message.test, hash: message.hash, arch: message.arch, query: message.query };
          }
        }
        const point: CurvePoint = [message.query, message.incumbentValid, message.incumbentTest];
        const evaluated = { hash: message.hash, valid: message.valid, test: message.test };
        this.pendingPushes.push({ type: 'run-point', runId: this.row.id, experimentId: this.row.experiment_id, point, evaluated });
        return true;
      }
      case 'log':
        this.addToTail(`[${message.level}] ${message.message}`);
        this.pending.push({ type: 'log', data: { level: message.level, message: message.message } });
        return true;
      case 'metric':
        this.pending.push({ type: 'metric', data: { name: message.name, step: message.step, value: message.value } });
        this.pendingPushes.push({ type: 'run-metric', runId: this.row.id, name: message.name, step: message.step, value: message.value });
        if (message.name === 'queries') this.progress.queries = message.value;
        return true;
      case 'progress':
      case 'checkpoint': {
        const { type, ...data } = message;
        this.pending.push({ type, data });
        return true;
      }
      case 'query-progress': {
        // Shown live, never stored: the architecture event that follows records the result.
        const { type: _type, ...progress } = message;
        onPush?.({ type: 'run-query-progress', runId: this.row.id, progress });
        return true;
      }
      default:
        return false;
    }
  }

  /** The finished run's best and query count, from its summary. */
  recordDone(s: RunResultSummary): void {
    if (s.bestHash !== null && s.bestValid !== null && s.bestTest !== null) {
      // Keep the query of a best still waiting to be flushed; the store keeps a flushed one.
      const pendingQuery = this.progress.best?.hash === s.bestHash ? this.progress.best.query : undefined;
      this.progress.best = { valid: s.bestValid, test: s.bestTest, hash: s.bestHash, arch: s.bestArch, ...(pendingQuery !== undefined ? { query: pendingQuery } : {}) };
    }
    this.progress.queries = s.queries;
  }

  /** Decides the final state, once: false when it was decided already. */
  decide(status: RunStatus, reason: string, options: OutcomeOptions = {}): boolean {
    if (this.settled) return false;
    this.settled = true;
    const withLog = options.withLog && this.logTail.length > 0 ? `${reason}\n--- last output ---\n${this.logTail.join('\n')}` : reason;
    const error = status === 'failed' ? (options.error ?? withLog) : null;
    this.outcome = { status, reason, error, mlBackend: options.mlBackend ?? null, agent: options.agent ?? null };
    return true;
  }

  /**
   * Writes the buffered events in one transaction, then pushes their curve points: a client
   * that sees a point can always read it (and everything before it) back from the store.
   * When the write fails nothing is dropped: the next flush writes it with what came since.
   */
  flush(store: Pick<Store, 'appendEvents'>, onPush: ((event: PushEvent) => void) | undefined): boolean {
    const batch = this.takeBatch();
    if (!batch) return false;
    try {
      store.appendEvents(this.lease, batch.events, batch.progress);
    } catch (error) {
      this.putBack(batch);
      throw error;
    }
    for (const push of batch.pushes) onPush?.(push);
    return true;
  }

  /** The same for a store that answers later (a lab's PostgreSQL): what the process reports meanwhile is buffered behind the batch. */
  async flushAsync(store: Pick<AsyncStore, 'appendEvents'>, onPush: ((event: PushEvent) => void) | undefined): Promise<boolean> {
    const batch = this.takeBatch();
    if (!batch) return false;
    try {
      await store.appendEvents(this.lease, batch.events, batch.progress);
    } catch (error) {
      // Fenced meanwhile: nothing of this attempt is written any more.
      if (this.writable) this.putBack(batch);
      throw error;
    }
    for (const push of batch.pushes) onPush?.(push);
    return true;
  }

  /** Takes what waits to be written (null when nothing does). */
  private takeBatch(): { events: NewEvent[]; progress: RunProgress; pushes: PushEvent[] } | null {
    if (this.pending.length === 0 && this.progress.queries === undefined && !this.progress.best) return null;
    const batch = { events: this.pending, progress: this.progress, pushes: this.pendingPushes };
    this.discardUnwritten();
    return batch;
  }

  /** A batch the store refused goes back in front of what came since; the newer progress wins. */
  private putBack(batch: { events: NewEvent[]; progress: RunProgress; pushes: PushEvent[] }): void {
    this.pending = [...batch.events, ...this.pending];
    this.pendingPushes = [...batch.pushes, ...this.pendingPushes];
    this.progress = { ...batch.progress, ...this.progress };
  }

  /** Drops what waits to be written (the attempt lost the run, or its results cannot be stored). */
  discardUnwritten(): void {
    this.pending = [];
    this.pendingPushes = [];
    this.progress = {};
  }
}
