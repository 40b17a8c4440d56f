/**
 * The queue and the worker pool: claims queued runs up to the concurrency limit, starts
 * one run process per run, turns its messages into store events (batched, one
 * transaction per flush), watches heartbeats, and settles every run in exactly one
 * final state, whatever the process does.
 *
 * Each claimed run is an attempt with a lease (run-lease.ts): every write names it, the lease
 * is renewed every heartbeat, and expired leases of any process are swept every heartbeat.
 * A write refused because a newer attempt took the run over stops this attempt's run process.
 * The store failing does not end the scheduler: a busy database is retried with backoff, a
 * full disk holds the queue (storage state 'disk-full') until a retry succeeds, and what the
 * run processes report meanwhile waits in memory.
 *
 * The pool is this class's; whether the store can be written and when to retry is StoreHealth's
 * (store-health.ts); each active run is a RunSession
 * (run-session.ts: its buffers, log tail and outcome, and the translation of its process's
 * data messages), started with what run-start.ts prepares.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { PushEvent, RunStatus, StorageState } from '#shared/api.ts';
import type { RunConfig } from '#shared/config.ts';
import { parseWorkerMessage, type FromWorker, type TrainingSummary } from '#shared/worker-protocol.ts';
import { trainedAgentRows } from './agents.ts';
import { benchmarkContentSha256 } from './benchmark-cells.ts';
import { FreezeClock } from './freeze-clock.ts';
import { UserError } from './user-error.ts';
import { FencedError, leaseMsFromEnv, type RunLease } from './run-lease.ts';
import { classifyStoreError, describeStoreError } from './store-errors.ts';
import { StoreHealth } from './store-health.ts';
import { prepareRunStart } from './run-start.ts';
import { RunSession, type OutcomeOptions } from './run-session.ts';
import { toRunSummary, type RunRow, type Store } from './store.ts';
import type { WorkerLauncher } from './worker-launcher.ts';

export interface SchedulerOptions {
  store: Store;
  launcher: WorkerLauncher;
  /** Where training runs write their checkpoints. */
  checkpointsDir: string;
  concurrency: number;
  /** Only take runs of this experiment (the CLI's `run` command). */
  experimentId?: number;
  heartbeatMs?: number;
  /** A run process silent for this long is declared dead. */
  heartbeatTimeoutMs?: number;
  flushMs?: number;
  /** How long a claimed run's lease lasts without renewal (ARCHWALK_LEASE_MS, else 30 s). */
  leaseMs?: number;
  /** At start, also count runs whose owner has not renewed for this long as orphaned, whatever their lease says. */
  staleAfterMs?: number;
  /** How often a queue held by a full disk or a failing store tries again. */
  storageRetryMs?: number;
  onPush?: (event: PushEvent) => void;
  /** Where the scheduler says what happened to the store or to a fenced run (stderr by default). */
  log?: (line: string) => void;
}


export class Scheduler {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly options: Required<Omit<SchedulerOptions, 'experimentId' | 'onPush' | 'staleAfterMs'>> & Pick<SchedulerOptions, 'experimentId' | 'onPush' | 'staleAfterMs'>;
  private readonly active = new Map<number, RunSession>();
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private lastStoreHeartbeat = 0;
  private stopping = false;
  private idleWaiters: (() => void)[] = [];
  private freeze: FreezeClock;
  private readonly health: StoreHealth;

  constructor(options: SchedulerOptions) {
    this.options = {
      heartbeatMs: 1000,
      heartbeatTimeoutMs: 15000,
      flushMs: 100,
      leaseMs: leaseMsFromEnv(),
      storageRetryMs: 1000,
      log: (line) => process.stderr.write(`archwalk: ${line}\n`),
      ...options,
    };
    this.freeze = new FreezeClock(this.options.flushMs);
    this.health = new StoreHealth(this.options);
  }

  /** Whether this scheduler can write its store; anything but 'ok' holds the queue. */
  get storage(): StorageState {
    return this.health.state;
  }

  get concurrency(): number {
    return this.options.concurrency;
  }

  set concurrency(n: number) {
    this.options.concurrency = Math.max(1, Math.floor(n));
    this.pump();
  }

  /** The process id of an active run's process (for diagnostics and tests). */
  workerPid(runId: number): number | undefined {
    return this.active.get(runId)?.worker.pid;
  }

  get activeRunIds(): number[] {
    return [...this.active.keys()];
  }

  /** Restrict this scheduler to one experiment's runs (before start). */
  restrictTo(experimentId: number): void {
    this.options.experimentId = experimentId;
  }

  /** Marks runs orphaned by a dead process interrupted, then starts taking work (and sweeping every heartbeat). */
  start(): number[] {
    if (this.started) {
      this.pump();
      return [];
    }
    let interrupted: number[] = [];
    try {
      interrupted = this.options.store.expireLeases(this.options.staleAfterMs !== undefined ? { silentSinceMs: this.options.staleAfterMs } : {});
      for (const id of interrupted) this.pushRun(id);
    } catch (error) {
      this.onStoreFailure(error);
    }
    this.started = true;
    this.freeze = new FreezeClock(this.options.flushMs);
    this.timer = setInterval(() => this.tick(), this.options.flushMs);
    this.pump();
    return interrupted;
  }

  /** Resolves when nothing is running and nothing this scheduler may take is queued. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops taking work; running runs are stopped and left interrupted so they can be resumed. */
  async close(): Promise<void> {
    this.stopping = true;
    for (const run of this.active.values()) {
      run.stopReason = 'archwalk was closed while the run was going';
      run.worker.kill();
    }
    const deadline = Date.now() + 5000;
    while (this.active.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // What could not be written (the store failing to the end) stays unwritten: those runs'
    // leases expire and any archwalk that runs later marks them interrupted.
    for (const run of this.active.values()) this.writeRun(run);
  }

  /** Takes queued runs up to the limit; does nothing before start() (a CLI that only queues) or while the store fails. */
  pump(): void {
    if (!this.started || this.stopping) return;
    if (this.health.ok) {
      while (this.active.size < this.options.concurrency) {
        let row: RunRow | null;
        try {
          row = this.options.store.claimNextQueued(this.owner, this.options.experimentId, this.options.leaseMs);
        } catch (error) {
          this.onStoreFailure(error);
          break;
        }
        if (!row) break;
        try {
          this.launch(row);
        } catch (error) {
          // Not the store's fault: this run cannot start, the queue goes on.
          this.active.delete(row.id);
          this.failBeforeStart({ runId: row.id, attempt: row.attempt, owner: this.owner }, 'could not start', { error: `archwalk could not start the run: ${(error as Error).message}` });
        }
      }
    }
    this.checkIdle();
  }

  cancel(runId: number): boolean {
    const run = this.active.get(runId);
    if (run) {
      run.stopReason = 'cancelled by the user';
      run.worker.send({ type: 'stop', reason: 'cancelled' });
      // A run process that does not stop within 5 s is ended.
      setTimeout(() => {
        if (!run.settled) run.worker.kill();
      }, 5000).unref();
      return true;
    }
    this.interruptIfOrphaned(runId);
    const done = this.options.store.transition(runId, ['queued', 'interrupted', 'paused'], 'cancelled', 'cancelled by the user');
    if (done) this.pushRun(runId);
    return done;
  }

  pause(runId: number): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    this.health.assertWritable('paused');
    run.worker.send({ type: 'pause' });
    return true;
  }

  resume(runId: number): boolean {
    const run = this.active.get(runId);
    if (run) {
      this.health.assertWritable('resumed');
      run.worker.send({ type: 'resume' });
      return true;
    }
    // Interrupted or failed runs go back to the queue and replay to where they stopped.
    this.interruptIfOrphaned(runId);
    const requeued = this.options.store.transition(runId, ['interrupted', 'failed'], 'queued', 'resumed by the user');
    if (requeued) {
      this.pushRun(runId);
      // A sweep's evaluations failed with their training run: they wait for it again.
      for (const dependent of this.options.store.reviveDependents(runId)) this.pushRun(dependent);
      this.pump();
    }
    return requeued;
  }

  /**
   * A run of another process whose lease has expired becomes interrupted first, so that it can
   * be cancelled or resumed; one whose owner still renews its lease is that process's to change.
   */
  private interruptIfOrphaned(runId: number): void {
    for (const id of this.options.store.expireLeases({ runId })) this.pushRun(id);
    const row = this.options.store.getRun(runId);
    if (row?.status === 'running' && row.owner !== this.owner) {
      const until = row.lease_expires_at === null ? '' : `; its lease runs until ${new Date(row.lease_expires_at).toISOString()} unless renewed`;
      throw new UserError(`run ${runId} is running in another archwalk process (${row.owner}${until}): change it there, or wait until that process stops and its lease expires`);
    }
  }

  private isIdle(): boolean {
    if (this.active.size > 0) return false;
    // Runs waiting for one that is not running (an interrupted training run) cannot start; they do not keep the queue busy.
    return !this.options.store.hasClaimableQueued(this.options.experimentId);
  }

  private checkIdle(): void {
    if (this.idleWaiters.length === 0) return;
    try {
      if (!this.isIdle()) return;
    } catch {
      return; // the store could not be read now; the next tick asks again
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private launch(row: RunRow): void {
    const lease: RunLease = { runId: row.id, attempt: row.attempt, owner: this.owner };
    const start = prepareRunStart(this.options.store, row, { checkpointsDir: this.options.checkpointsDir, heartbeatMs: this.options.heartbeatMs });
    if (!start.ok) {
      this.failBeforeStart(lease, start.refusal.reason, { error: start.refusal.error });
      return;
    }
    const run = new RunSession(row, lease);
    this.active.set(row.id, run);
    run.worker = this.options.launcher({
      onMessage: (raw) => {
        const message = parseWorkerMessage(raw);
        run.lastSeen = Date.now();
        if (!message) {
          run.remember(`unrecognised message from the run process: ${JSON.stringify(raw).slice(0, 200)}`);
          return;
        }
        if (message.type === 'ready') {
          run.worker.send(start.message);
          return;
        }
        try {
          this.onWorkerMessage(run, message);
        } catch (error) {
          this.onRunWriteFailure(run, error);
        }
      },
      onOutput: (line) => run.remember(line),
      onExit: (code, signal) => {
        run.exited = true;
        if (!run.settled) {
          const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
          if (run.stopReason) this.settle(run, run.stopReason.startsWith('cancelled') ? 'cancelled' : 'interrupted', run.stopReason);
          else this.settle(run, 'failed', `the run process ${how} before finishing`, { withLog: true });
        }
        this.releaseIfDone(run);
      },
    });
    this.pushRun(row.id);
  }

  /** A claimed run that cannot start (its benchmark or agent is gone) fails as this attempt. */
  private failBeforeStart(lease: RunLease, reason: string, fields: { error: string }): void {
    try {
      this.options.store.transition(lease.runId, ['running'], 'failed', reason, fields, { lease });
    } catch (error) {
      // Left unwritten, the run keeps this lease until it expires; then it is interrupted and can be resumed.
      if (!(error instanceof FencedError)) this.onStoreFailure(error);
    }
    this.pushRun(lease.runId);
  }

  /** A run leaves the pool once its process has ended and its outcome is written (or a newer attempt owns it). */
  private releaseIfDone(run: RunSession): void {
    if (!run.exited || !(run.outcomeWritten || run.fenced) || this.active.get(run.row.id) !== run) return;
    this.active.delete(run.row.id);
    this.pump();
  }

  private onWorkerMessage(run: RunSession, message: FromWorker): void {
    const store = this.options.store;
    // After the attempt's outcome is written (or it was fenced) the run is no longer this attempt's to write.
    if (!run.writable) return;
    if (run.record(message, this.options.onPush)) return;
    switch (message.type) {
      case 'paused':
        // The scheduler's own hold while the store cannot be written is not the user's pause.
        if (run.hold === 'holding') run.hold = 'held';
        if (run.hold !== 'none') return;
        run.userPaused = true;
        run.flush(store, this.options.onPush);
        if (store.transition(run.row.id, ['running'], 'paused', 'paused by the user', {}, { lease: run.lease })) this.pushRun(run.row.id);
        return;
      case 'resumed':
        if (run.hold === 'releasing') {
          run.hold = 'none';
          return;
        }
        run.userPaused = false;
        run.flush(store, this.options.onPush);
        if (store.transition(run.row.id, ['paused'], 'running', 'resumed by the user', {}, { lease: run.lease })) this.pushRun(run.row.id);
        return;
      case 'done': {
        const s = message.summary;
        run.recordDone(s);
        if (s.stopped) this.settle(run, 'cancelled', run.stopReason ?? 'stopped on request', { mlBackend: s.mlBackend });
        else this.settle(run, 'succeeded', `finished after ${s.queries} queries`, { mlBackend: s.mlBackend, agent: s.training ?? null });
        return;
      }
      case 'failed':
        this.settle(run, 'failed', message.error, { withLog: true });
        return;
      default:
        return; // 'ready' is answered at launch; 'analysis' comes only from analysis processes
    }
  }

  /** A training run that finished registers its agent, so search experiments can name it. */
  private registerAgent(run: RunSession, training: TrainingSummary, mlBackend: string | null): void {
    const config = JSON.parse(run.row.config_json) as RunConfig;
    if (config.kind !== 'train-agent') return;
    const store = this.options.store;
    const benchmark = store.getBenchmark(config.benchmark);
    try {
      // What identifies the tables it trained on is their content, not their names.
      const rows = trainedAgentRows(run.row, config, training, mlBackend, benchmark?.space ?? 'unknown', (_, name) => {
        const row = store.getBenchmark(name);
        return row ? benchmarkContentSha256(row) : '';
      });
      // Registered as this attempt: a process that lost the run registers nothing.
      store.writeAsAttempt(run.lease, () => store.insertAgent(rows.agent, rows.trainedOn));
      this.options.onPush?.({ type: 'agents-updated' });
    } catch (error) {
      if (error instanceof FencedError || classifyStoreError(error) !== 'other') throw error;
      run.log('error', `could not register agent ${config.agentName}: ${(error as Error).message}`);
    }
  }

  /** Decides the run's final state, once; it is written with what is buffered as soon as the store takes it. */
  private settle(run: RunSession, status: RunStatus, reason: string, options: OutcomeOptions = {}): void {
    if (run.decide(status, reason, options) && Date.now() >= this.health.retryAt) this.writeRun(run);
  }

  /**
   * Writes the run's buffered events and, once decided, its outcome (the agent of a training
   * run, then the final state), all as this attempt. What the store refuses stays buffered for
   * the next tick; a refusal because the attempt was taken over fences the run.
   */
  private writeRun(run: RunSession): void {
    if (run.fenced || run.outcomeWritten || !this.options.store.db.isOpen) return;
    try {
      const outcome = run.outcome;
      if (outcome?.agent) {
        this.registerAgent(run, outcome.agent, outcome.mlBackend);
        outcome.agent = null;
      }
      const flushed = run.flush(this.options.store, this.options.onPush);
      if (!outcome) {
        if (flushed) this.onStoreWritable();
        return;
      }
      this.options.store.transition(run.row.id, ['running', 'paused'], outcome.status, outcome.reason, { error: outcome.error, ml_backend: outcome.mlBackend }, { lease: run.lease });
      run.outcomeWritten = true;
      this.onStoreWritable();
      this.pushRun(run.row.id);
      this.releaseIfDone(run);
    } catch (error) {
      this.onRunWriteFailure(run, error);
    }
  }

  /** A write of this run failed: fenced, the store failing (retry later), or this write itself is wrong (the run fails). */
  private onRunWriteFailure(run: RunSession, error: unknown): void {
    if (!this.options.store.db.isOpen) return;
    if (error instanceof FencedError) return this.fence(run, error);
    if (classifyStoreError(error) !== 'other') return this.onStoreFailure(error);
    const problem = describeStoreError(error);
    run.discardUnwritten();
    run.worker.kill();
    if (run.outcome?.reason === 'could not store its results') {
      // Even the failure cannot be written: leave it to the lease, which expires and lets the run be resumed.
      run.fenced = true;
      this.options.log(`run ${run.row.id}: could not record its failure either (${problem}); it is interrupted once its lease expires`);
      this.releaseIfDone(run);
      return;
    }
    this.options.log(`run ${run.row.id}: could not store what its process reported (${problem}); the run is failed`);
    run.settled = false;
    this.settle(run, 'failed', 'could not store its results', { error: `archwalk could not store what the run reported: ${problem}` });
  }

  /** A newer attempt owns the run: write nothing more, end this attempt's process, and say so. */
  private fence(run: RunSession, error: FencedError): void {
    if (run.fenced) return;
    run.fenced = true;
    run.settled = true;
    run.discardUnwritten();
    this.options.log(`${error.message}; this process stopped its run process and keeps nothing it reported since`);
    run.worker.kill();
    this.pushRun(run.row.id);
    this.releaseIfDone(run);
  }

  /** The store refused a write for a reason outside it: back off (locked) or hold the running runs (disk full, other failures). */
  private onStoreFailure(error: unknown): void {
    if (!this.health.failed(error)) return;
    for (const run of this.active.values()) {
      if (run.hold !== 'none' || run.settled || run.userPaused) continue;
      run.hold = 'holding';
      run.worker.send({ type: 'pause' });
    }
  }

  /** A write went through: runs held while the store failed go on. */
  private onStoreWritable(): void {
    if (!this.health.written()) return;
    for (const run of this.active.values()) {
      if (run.hold !== 'holding' && run.hold !== 'held') continue;
      run.hold = 'releasing';
      run.worker.send({ type: 'resume' });
    }
  }

  /** Renews this scheduler's leases (a lost one fences its run), then sweeps everyone's expired leases. */
  private renewAndSweep(): void {
    const store = this.options.store;
    const held = [...this.active.values()].filter((r) => !r.fenced && !r.outcomeWritten);
    for (const lease of store.renewLeases(held.map((r) => r.lease), this.options.leaseMs)) {
      const run = this.active.get(lease.runId);
      const row = store.getRun(lease.runId);
      if (run) this.fence(run, new FencedError(lease, row ? { attempt: row.attempt, owner: row.owner, status: row.status } : null));
    }
    const swept = store.expireLeases();
    if (swept.length === 0) return;
    this.options.log(`marked interrupted (their process stopped renewing its lease): runs ${swept.join(', ')}`);
    for (const id of swept) this.pushRun(id);
  }

  /** A run process silent for longer than the timeout (after discounting this process's own freezes) is ended. */
  private watchdog(now: number): void {
    for (const run of this.active.values()) {
      if (run.settled || now - run.lastSeen <= this.options.heartbeatTimeoutMs) continue;
      this.settle(run, 'failed', 'heartbeat lost', {
        error: `the run process stopped answering for ${Math.round((now - run.lastSeen) / 1000)} s and was ended\n--- last output ---\n${run.logTail.join('\n')}`,
      });
      run.worker.kill();
    }
  }

  private tick(): void {
    const now = Date.now();
    // Time this process itself was frozen is nobody's silence.
    const frozen = this.freeze.observe(now);
    if (frozen > 0) for (const run of this.active.values()) run.lastSeen = Math.min(now, run.lastSeen + frozen);
    this.watchdog(now);
    if (now < this.health.retryAt || !this.options.store.db.isOpen) return;
    try {
      if (now - this.lastStoreHeartbeat >= this.options.heartbeatMs) {
        this.renewAndSweep();
        this.lastStoreHeartbeat = now;
      }
      let touched = false;
      for (const run of [...this.active.values()]) {
        if (run.hasNewEvents) touched = true;
        this.writeRun(run);
        if (this.health.retryAt > now) return; // the store refused: the rest waits for the retry
      }
      this.onStoreWritable();
      if (touched) for (const id of this.activeRunIds) this.pushRun(id);
      this.pump();
    } catch (error) {
      this.onStoreFailure(error);
    }
  }

  private pushRun(runId: number): void {
    if (!this.options.onPush || !this.options.store.db.isOpen) return;
    let row: RunRow | undefined;
    try {
      row = this.options.store.getRun(runId);
    } catch {
      return; // unreadable now; the next change pushes it
    }
    if (row) {
      this.options.onPush({ type: 'run-updated', run: toRunSummary(row) });
      this.options.onPush({ type: 'experiment-updated', experimentId: row.experiment_id });
    }
  }
}
