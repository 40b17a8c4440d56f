/**
 * A lab worker: one machine's pool of run processes draining a queue that many machines share
 * (a PostgreSQL store). It claims runs it can serve (their tags are its tags, their tables'
 * checksums are tables it holds), starts one run process per run like the embedded scheduler,
 * writes what the process reports as that attempt, and renews its leases on the store's clock.
 *
 * What keeps a run from executing twice is the store's fencing (store-api.ts): every write
 * names the attempt, and a write refused because another attempt took the run over ends this
 * attempt's process at once. What keeps runs from being lost: a worker that cannot renew its
 * leases for one lease period (a partition, the database down) stops its runs itself, because
 * by then another worker may take them; expired leases of any worker are swept every
 * heartbeat, back to the queue while attempts remain, so the next claim resumes them
 * (searches replay deterministically, trainings continue from their checkpoint in the shared
 * folder). A worker that is told to stop hands its runs back to the queue.
 *
 * Not here (yet): pausing or cancelling a lab run from an app, which needs the app on the
 * shared store (README "Lab").
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { RunConfig } from '#shared/config.ts';
import { trainedAgentRows } from '../agents.ts';
import { parseWorkerMessage, type FromWorker, type TrainingSummary } from '#shared/worker-protocol.ts';
import { buildRunStart } from '../run-start.ts';
import { FencedError, type RunLease } from '../run-lease.ts';
import { RunSession } from '../run-session.ts';
import type { AsyncStore, ClaimFilter } from '../store-api.ts';
import type { WorkerLauncher } from '../worker-launcher.ts';
import type { HeldBenchmarks } from './held-benchmarks.ts';
import { FreezeClock } from '../freeze-clock.ts';

/** How often a watching worker names queued runs it cannot serve that it has not named yet. */
const UNSERVED_REPORT_MS = 10_000;

export interface LabWorkerOptions {
  store: AsyncStore;
  held: HeldBenchmarks;
  launcher: WorkerLauncher;
  /** Where training runs write checkpoints: a folder every worker reads at the same path. */
  checkpointsDir: string;
  concurrency: number;
  tags: readonly string[];
  /** A run whose worker stopped renewing is queued again while its attempt is below this. */
  maxAttempts: number;
  leaseMs: number;
  heartbeatMs?: number;
  /** A run process silent for this long is ended and its run failed. */
  heartbeatTimeoutMs?: number;
  flushMs?: number;
  /** Keep waiting for work when the queue has none this worker can serve (else stop when idle). */
  watch: boolean;
  log: (line: string) => void;
}

export class LabWorker {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly options: Required<LabWorkerOptions>;
  private readonly active = new Map<number, RunSession>();
  private readonly filter: ClaimFilter;
  private stopping = false;
  private lastBeat = 0;
  /** When the store last renewed this worker's leases (this machine's clock: only durations are compared). */
  private lastRenewed = Date.now();
  private storeTrouble: string | null = null;
  private readonly reportedUnserved = new Set<number>();
  private lastUnservedReport = Date.now();
  private finishedCount = 0;
  private readonly freeze: FreezeClock;

  constructor(options: LabWorkerOptions) {
    this.options = { heartbeatMs: 1000, heartbeatTimeoutMs: 15000, flushMs: 200, ...options };
    this.filter = { tags: [...options.tags].sort(), checksums: options.held.checksums };
    this.freeze = new FreezeClock(this.options.flushMs);
  }

  get activeRunIds(): number[] {
    return [...this.active.keys()];
  }

  /** Works the queue until stop() (or, without watch, until it has nothing to run and nothing it can serve is claimable). */
  async run(): Promise<void> {
    await this.reportUnserved();
    // Apart from the loop, which may wait on a store that does not answer: a lease not renewed in time stops the runs.
    const leaseWatch = setInterval(() => {
      if (Date.now() - this.lastRenewed > this.options.leaseMs) this.abandonAll();
    }, Math.min(250, this.options.leaseMs / 4));
    try {
      while (!this.stopping) {
        const started = Date.now();
        const claimedNothing = await this.tick();
        if (!this.options.watch && claimedNothing && this.active.size === 0) break;
        if (this.options.watch && started - this.lastUnservedReport > UNSERVED_REPORT_MS) {
          this.lastUnservedReport = started;
          await this.reportUnserved();
        }
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, this.options.flushMs - (Date.now() - started))));
      }
    } finally {
      clearInterval(leaseWatch);
    }
    await this.handBack();
  }

  /** Stops claiming; run() then ends this worker's run processes and hands their runs back to the queue. */
  stop(): void {
    this.stopping = true;
  }

  get finished(): number {
    return this.finishedCount;
  }

  /** One round: watchdog, leases, writes, claims. True when the store answered that nothing is claimable. */
  private async tick(): Promise<boolean> {
    const now = Date.now();
    // Time this process itself was frozen (SIGSTOP, a sleeping laptop) is not its run processes' silence.
    const frozen = this.freeze.observe(now);
    if (frozen > 0) for (const run of this.active.values()) run.lastSeen = Math.min(now, run.lastSeen + frozen);
    this.watchdog(now);
    if (now - this.lastBeat >= this.options.heartbeatMs) {
      this.lastBeat = now;
      await this.renewAndSweep();
    }
    for (const run of [...this.active.values()]) await this.writeRun(run);
    return this.pump();
  }

  /** Claims runs up to the concurrency; true when the store said none is claimable. */
  private async pump(): Promise<boolean> {
    while (!this.stopping && this.storeTrouble === null && this.active.size < this.options.concurrency) {
      const claimed = await this.guard(() => this.options.store.claimNext(this.owner, { leaseMs: this.options.leaseMs, filter: this.filter }));
      if (claimed === null) return this.storeTrouble === null;
      await this.launch(claimed.run, claimed.lease);
    }
    return false;
  }

  private async launch(row: RunSession['row'], lease: RunLease): Promise<void> {
    const sources = await this.guard(() => this.options.held.sourcesFor(this.options.store, row));
    const start = sources ? buildRunStart(sources, row, { checkpointsDir: this.options.checkpointsDir, heartbeatMs: this.options.heartbeatMs }) : null;
    if (!start?.ok) {
      const refusal = start ? start.refusal : { reason: 'could not read the run', error: `the store could not be read to prepare the run: ${this.storeTrouble}` };
      await this.guard(() => this.options.store.transition(row.id, ['running'], 'failed', refusal.reason, { error: refusal.error }, { lease }));
      return;
    }
    const run = new RunSession(row, lease);
    this.active.set(row.id, run);
    this.options.log(`run ${row.id} (${row.experiment_name}, ${row.searcher}, seed ${row.seed}): attempt ${lease.attempt} started here`);
    try {
      run.worker = this.options.launcher({
        onMessage: (raw) => {
          const message = parseWorkerMessage(raw);
          run.lastSeen = Date.now();
          if (!message) return run.remember(`unrecognised message from the run process: ${JSON.stringify(raw).slice(0, 200)}`);
          if (message.type === 'ready') return run.worker.send(start.message);
          this.onMessage(run, message);
        },
        onOutput: (line) => run.remember(line),
        onExit: (code, signal) => {
          run.exited = true;
          if (!run.settled) {
            if (run.stopReason) run.decide('interrupted', run.stopReason);
            else run.decide('failed', `the run process ${signal ? `was killed by ${signal}` : `exited with code ${code}`} before finishing`, { withLog: true });
          }
          this.releaseIfDone(run);
        },
      });
    } catch (error) {
      this.active.delete(row.id);
      await this.guard(() => this.options.store.transition(row.id, ['running'], 'failed', 'could not start', { error: `archwalk could not start the run: ${(error as Error).message}` }, { lease }));
    }
  }

  private onMessage(run: RunSession, message: FromWorker): void {
    if (!run.writable || run.record(message, undefined)) return;
    if (message.type === 'done') {
      const s = message.summary;
      run.recordDone(s);
      if (s.stopped) run.decide('interrupted', run.stopReason ?? 'stopped on request', { mlBackend: s.mlBackend });
      else run.decide('succeeded', `finished after ${s.queries} queries`, { mlBackend: s.mlBackend, agent: s.training ?? null });
    } else if (message.type === 'failed') {
      run.decide('failed', message.error, { withLog: true });
    }
  }

  /** Writes the run's buffered events, then (once decided) its agent and final state, all as this attempt. */
  private async writeRun(run: RunSession): Promise<void> {
    if (!run.writable) return;
    try {
      // The outcome as it stood before the flush: messages that came while the batch was being
      // written (the rest of a run that ended meanwhile) are flushed by the next round first.
      const outcome = run.outcome;
      await run.flushAsync(this.options.store, undefined);
      if (!outcome || run.hasNewEvents) return;
      if (outcome.agent) {
        await this.registerAgent(run, outcome.agent, outcome.mlBackend);
        outcome.agent = null;
      }
      await this.options.store.transition(run.row.id, ['running', 'paused'], outcome.status, outcome.reason, { error: outcome.error, ml_backend: outcome.mlBackend }, { lease: run.lease });
      run.outcomeWritten = true;
      this.finishedCount++;
      this.options.log(`run ${run.row.id}: ${outcome.status} (${outcome.reason.split('\n')[0]})`);
      this.releaseIfDone(run);
    } catch (error) {
      if (error instanceof FencedError) this.fence(run, error.message);
      else this.troubled(error);
    }
  }

  private async registerAgent(run: RunSession, training: TrainingSummary, mlBackend: string | null): Promise<void> {
    const config = JSON.parse(run.row.config_json) as RunConfig;
    if (config.kind !== 'train-agent') return;
    const checksums = run.row.benchmark_checksums ?? [];
    const rows = trainedAgentRows(run.row, config, training, mlBackend, this.options.held.rowOf(checksums[0] ?? '')?.space ?? 'unknown', (i) => checksums[i] ?? '');
    // Registered as this attempt: a worker that lost the run registers nothing.
    await this.options.store.insertAgent(rows.agent, rows.trainedOn, run.lease);
  }

  /** Another attempt owns the run: nothing more is written, the process is ended. */
  private fence(run: RunSession, why: string): void {
    if (run.fenced) return;
    run.fenced = true;
    run.settled = true;
    run.discardUnwritten();
    this.options.log(`${why}; this worker stopped its run process and keeps nothing it reported since`);
    run.worker.kill();
    this.releaseIfDone(run);
  }

  private releaseIfDone(run: RunSession): void {
    if (run.exited && (run.outcomeWritten || run.fenced) && this.active.get(run.row.id) === run) this.active.delete(run.row.id);
  }

  /** Renews this worker's leases (a lost one fences its run), then sends everyone's expired runs back to the queue. */
  private async renewAndSweep(): Promise<void> {
    const held = [...this.active.values()].filter((r) => r.writable);
    const lost = await this.guard(() => this.options.store.renewLeases(held.map((r) => r.lease), this.options.leaseMs));
    if (lost === null) return;
    this.lastRenewed = Date.now();
    for (const lease of lost) {
      const run = this.active.get(lease.runId);
      if (run) this.fence(run, `run ${lease.runId}: attempt ${lease.attempt} lost its lease (another worker took the run over)`);
    }
    const swept = await this.guard(() => this.options.store.expireLeases({ maxAttempts: this.options.maxAttempts }));
    if (swept && swept.length > 0) this.options.log(`runs whose worker stopped renewing its lease, queued again or interrupted: ${swept.join(', ')}`);
  }

  /**
   * No renewal for a whole lease: other workers may already have taken these runs, so this
   * worker ends their processes and forgets what they reported (their next attempt replays it).
   */
  private abandonAll(): void {
    for (const run of this.active.values()) {
      if (!run.writable) continue;
      this.fence(run, `run ${run.row.id}: this worker could not renew its lease for ${Math.round(this.options.leaseMs / 1000)} s (${this.storeTrouble ?? 'the store did not answer'})`);
    }
  }

  /** A run process silent for longer than the timeout is ended and its run failed. */
  private watchdog(now: number): void {
    for (const run of this.active.values()) {
      if (run.settled || now - run.lastSeen <= this.options.heartbeatTimeoutMs) continue;
      run.decide('failed', 'heartbeat lost', { error: `the run process stopped answering for ${Math.round((now - run.lastSeen) / 1000)} s and was ended\n--- last output ---\n${run.logTail.join('\n')}` });
      run.worker.kill();
    }
  }

  /** Stopping: end the run processes, write what they reported, and queue their runs again for any worker to resume. */
  private async handBack(): Promise<void> {
    for (const run of this.active.values()) {
      run.stopReason = 'the lab worker running it was stopped';
      run.worker.kill();
    }
    const deadline = Date.now() + 5000;
    while ([...this.active.values()].some((r) => !r.exited) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    for (const run of this.active.values()) {
      if (!run.writable) continue;
      try {
        await run.flushAsync(this.options.store, undefined);
        const status = run.outcome?.status === 'interrupted' || !run.outcome ? 'queued' : run.outcome.status;
        await this.options.store.transition(run.row.id, ['running', 'paused'], status, status === 'queued' ? `${run.stopReason}; queued again for any worker` : run.outcome!.reason,
          { error: status === 'queued' ? null : run.outcome!.error }, { lease: run.lease });
        if (status === 'queued') this.options.log(`run ${run.row.id}: handed back to the queue`);
      } catch (error) {
        // Left to its lease: it expires and any worker queues the run again.
        this.options.log(`run ${run.row.id}: could not be handed back (${(error as Error).message}); it is queued again once its lease expires`);
      }
    }
  }

  /** Queued runs this worker cannot take, each named once with what it lacks. */
  private async reportUnserved(): Promise<void> {
    const unserved = await this.guard(() => this.options.store.unservedRuns(this.filter));
    for (const run of unserved ?? []) {
      if (this.reportedUnserved.has(run.runId)) continue;
      this.reportedUnserved.add(run.runId);
      const lacks: string[] = [];
      if (run.missingTags.length > 0) lacks.push(`it requires the tag${run.missingTags.length > 1 ? 's' : ''} ${run.missingTags.join(', ')} (start with --tags)`);
      if (run.missingChecksums === null) lacks.push('it was queued without its tables\' checksums (queue it again from a machine with archwalk 2 or later)');
      else if (run.missingChecksums.length > 0) {
        lacks.push(`this machine does not hold ${run.missingChecksums.length === run.benchmarks.length ? 'its benchmark' : 'all its benchmarks'} (${run.benchmarks.join(', ')}; content sha256 ${run.missingChecksums.map((s) => s.slice(0, 12)).join(', ')}): import the same table here (archwalk benchmark import)`);
      }
      this.options.log(`run ${run.runId} (${run.label}) is not for this worker: ${lacks.join('; ')}`);
    }
  }

  /** A store call; on failure null, remembered as the store's trouble (the queue waits, leases run out if it lasts). */
  private async guard<T>(call: () => Promise<T>): Promise<T | null> {
    try {
      const result = await call();
      if (this.storeTrouble !== null) this.options.log(`the store answers again (${this.options.store.redactedUrl})`);
      this.storeTrouble = null;
      return result;
    } catch (error) {
      if (error instanceof FencedError) throw error;
      this.troubled(error);
      return null;
    }
  }

  private troubled(error: unknown): void {
    const problem = (error as Error).message ?? String(error);
    if (this.storeTrouble === null) this.options.log(`the store ${this.options.store.redactedUrl} failed: ${problem}; retrying (runs go on for up to one lease)`);
    this.storeTrouble = problem;
  }
}
