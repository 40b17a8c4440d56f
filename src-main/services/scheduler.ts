/**
 * The queue and the worker pool: claims queued runs up to the concurrency limit, starts
 * one run process per run, turns its messages into store events (batched, one
 * transaction per flush), watches heartbeats, and settles every run in exactly one
 * final state, whatever the process does.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { CurvePoint, PushEvent, RunStatus } from '../shared/api.ts';
import { configBenchmarks, type RunConfig } from '../shared/config.ts';
import {
  parseWorkerMessage,
  WORKER_PROTOCOL_VERSION,
  type ArchitectureEvent,
  type FromWorker,
  type ResumePoint,
  type TrainingSummary,
} from '../shared/worker-protocol.ts';
import { trainingCheckpointPath } from './agents.ts';
import { benchmarkHandle } from './benchmark-registry.ts';
import { benchmarkContentSha256 } from './benchmark-cells.ts';
import { toRunSummary, type NewEvent, type RunProgress, type RunRow, type Store } from './store.ts';
import type { WorkerHandle, WorkerLauncher } from './worker-launcher.ts';

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
  /** Runs of another owner whose heartbeat is older than this are interrupted at start. */
  staleAfterMs?: number;
  onPush?: (event: PushEvent) => void;
}

const LOG_TAIL = 40;

interface ActiveRun {
  row: RunRow;
  worker: WorkerHandle;
  lastSeen: number;
  pending: NewEvent[];
  /** Pushes for the pending events, sent only after they are written. */
  pendingPushes: PushEvent[];
  progress: RunProgress;
  logTail: string[];
  settled: boolean;
  stopReason: string | null;
}

export class Scheduler {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly options: Required<Omit<SchedulerOptions, 'experimentId' | 'onPush'>> & Pick<SchedulerOptions, 'experimentId' | 'onPush'>;
  private readonly active = new Map<number, ActiveRun>();
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private lastStoreHeartbeat = 0;
  private stopping = false;
  private idleWaiters: (() => void)[] = [];

  constructor(options: SchedulerOptions) {
    this.options = {
      heartbeatMs: 1000,
      heartbeatTimeoutMs: 15000,
      flushMs: 100,
      staleAfterMs: 10000,
      ...options,
    };
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

  /** Marks runs orphaned by a dead process interrupted, then starts taking work. */
  start(): number[] {
    if (this.started) {
      this.pump();
      return [];
    }
    const interrupted = this.options.store.interruptStale(this.options.staleAfterMs);
    for (const id of interrupted) this.pushRun(id);
    this.started = true;
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
    this.flushAll();
  }

  /** Takes queued runs up to the limit; does nothing before start() (a CLI that only queues). */
  pump(): void {
    if (!this.started || this.stopping) return;
    while (this.active.size < this.options.concurrency) {
      const row = this.options.store.claimNextQueued(this.owner, this.options.experimentId);
      if (!row) break;
      this.launch(row);
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
    const done = this.options.store.transition(runId, ['queued', 'interrupted', 'paused'], 'cancelled', 'cancelled by the user');
    if (done) this.pushRun(runId);
    return done;
  }

  pause(runId: number): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    run.worker.send({ type: 'pause' });
    return true;
  }

  resume(runId: number): boolean {
    const run = this.active.get(runId);
    if (run) {
      run.worker.send({ type: 'resume' });
      return true;
    }
    // Interrupted or failed runs go back to the queue and replay to where they stopped.
    const requeued = this.options.store.transition(runId, ['interrupted', 'failed'], 'queued', 'resumed by the user');
    if (requeued) {
      this.pushRun(runId);
      this.pump();
    }
    return requeued;
  }

  private isIdle(): boolean {
    if (this.active.size > 0) return false;
    const queued = this.options.store.listRuns({ statuses: ['queued'], ...(this.options.experimentId !== undefined ? { experimentId: this.options.experimentId } : {}) });
    return queued.length === 0;
  }

  private checkIdle(): void {
    if (this.idleWaiters.length === 0 || !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private resumePoint(runId: number): ResumePoint | null {
    const last = this.options.store.events(runId, { type: 'architecture', lastN: 1 })[0];
    if (!last) return null;
    const data = last.data as ArchitectureEvent;
    return { queries: data.query, lastHash: data.hash };
  }

  private launch(row: RunRow): void {
    const store = this.options.store;
    const config = JSON.parse(row.config_json) as RunConfig;
    const benchmark = store.getBenchmark(config.benchmark);
    if (!benchmark) {
      store.transition(row.id, ['running'], 'failed', 'benchmark missing', { error: `benchmark "${config.benchmark}" is not registered (archwalk benchmark list)` });
      this.pushRun(row.id);
      return;
    }
    const resume = this.resumePoint(row.id);
    const checkpointPath = config.kind === 'train-agent' ? trainingCheckpointPath(this.options.checkpointsDir, row.id) : null;
    // Training on several benchmarks: every one must still be registered.
    const trainingRows = config.kind === 'train-agent' ? configBenchmarks(config).map((name) => store.getBenchmark(name)) : [];
    const missing = configBenchmarks(config).filter((_, i) => config.kind === 'train-agent' && !trainingRows[i]);
    if (missing.length > 0) {
      store.transition(row.id, ['running'], 'failed', 'benchmark missing', { error: `benchmark "${missing.join('", "')}" is not registered (archwalk benchmark list)` });
      this.pushRun(row.id);
      return;
    }
    const trainingHandles = trainingRows.map((b) => benchmarkHandle(b!, this.options.store.path));
    let agentCheckpoint: string | null = null;
    if (config.kind === 'search' && config.searcher.kind === 'agent') {
      const agent = store.getAgent(String(config.searcher.params.checkpoint));
      if (!agent) {
        store.transition(row.id, ['running'], 'failed', 'agent missing', { error: `agent "${String(config.searcher.params.checkpoint)}" is not registered (archwalk agents list)` });
        this.pushRun(row.id);
        return;
      }
      agentCheckpoint = agent.checkpoint_path;
    }
    const run: ActiveRun = {
      row,
      worker: undefined as unknown as WorkerHandle,
      lastSeen: Date.now(),
      pending: [],
      pendingPushes: [],
      progress: {},
      logTail: [],
      settled: false,
      stopReason: null,
    };
    this.active.set(row.id, run);
    run.worker = this.options.launcher({
      onMessage: (raw) => {
        const message = parseWorkerMessage(raw);
        run.lastSeen = Date.now();
        if (!message) {
          this.remember(run, `unrecognised message from the run process: ${JSON.stringify(raw).slice(0, 200)}`);
          return;
        }
        if (message.type === 'ready') {
          run.worker.send({
            type: 'start',
            version: WORKER_PROTOCOL_VERSION,
            runId: row.id,
            config,
            benchmark: benchmarkHandle(benchmark, this.options.store.path),
            ...(trainingHandles.length > 1 ? { benchmarks: trainingHandles } : {}),
            resume,
            checkpointPath,
            agentCheckpoint,
            heartbeatMs: this.options.heartbeatMs,
          });
          return;
        }
        this.onWorkerMessage(run, message);
      },
      onOutput: (line) => this.remember(run, line),
      onExit: (code, signal) => {
        if (!run.settled) {
          const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
          if (run.stopReason) this.settle(run, run.stopReason.startsWith('cancelled') ? 'cancelled' : 'interrupted', run.stopReason);
          else this.settle(run, 'failed', `the run process ${how} before finishing`, true);
        }
        this.active.delete(row.id);
        this.pump();
      },
    });
    this.pushRun(row.id);
  }

  private remember(run: ActiveRun, line: string): void {
    run.logTail.push(line);
    if (run.logTail.length > LOG_TAIL) run.logTail.shift();
    run.pending.push({ type: 'log', data: { level: 'output', message: line } });
  }

  private onWorkerMessage(run: ActiveRun, message: FromWorker): void {
    const store = this.options.store;
    switch (message.type) {
      case 'heartbeat':
        return;
      case 'architecture': {
        const { type: _type, ...data } = message;
        run.pending.push({ type: 'architecture', data });
        run.progress.queries = message.query;
        if (!run.progress.best || message.incumbentHash !== run.progress.best.hash) {
          if (message.incumbentHash === message.hash) {
            run.progress.best = { valid: message.valid, test: message.test, hash: message.hash, arch: message.arch, query: message.query };
          }
        }
        const point: CurvePoint = [message.query, message.incumbentValid, message.incumbentTest];
        const evaluated = { hash: message.hash, valid: message.valid, test: message.test };
        run.pendingPushes.push({ type: 'run-point', runId: run.row.id, experimentId: run.row.experiment_id, point, evaluated });
        return;
      }
      case 'log':
        run.logTail.push(`[${message.level}] ${message.message}`);
        if (run.logTail.length > LOG_TAIL) run.logTail.shift();
        run.pending.push({ type: 'log', data: { level: message.level, message: message.message } });
        return;
      case 'metric':
        run.pending.push({ type: 'metric', data: { name: message.name, step: message.step, value: message.value } });
        run.pendingPushes.push({ type: 'run-metric', runId: run.row.id, name: message.name, step: message.step, value: message.value });
        if (message.name === 'queries') run.progress.queries = message.value;
        return;
      case 'query-progress': {
        // Shown live, never stored: the architecture event that follows records the result.
        const { type: _type, ...progress } = message;
        this.options.onPush?.({ type: 'run-query-progress', runId: run.row.id, progress });
        return;
      }
      case 'progress':
      case 'checkpoint': {
        const { type, ...data } = message;
        run.pending.push({ type, data });
        return;
      }
      case 'paused':
        this.flush(run);
        if (store.transition(run.row.id, ['running'], 'paused', 'paused by the user')) this.pushRun(run.row.id);
        return;
      case 'resumed':
        this.flush(run);
        if (store.transition(run.row.id, ['paused'], 'running', 'resumed by the user')) this.pushRun(run.row.id);
        return;
      case 'done': {
        const s = message.summary;
        if (s.bestHash !== null && s.bestValid !== null && s.bestTest !== null) {
          // Keep the query of a best still waiting to be flushed; the store keeps a flushed one.
          const pendingQuery = run.progress.best?.hash === s.bestHash ? run.progress.best.query : undefined;
          run.progress.best = { valid: s.bestValid, test: s.bestTest, hash: s.bestHash, arch: s.bestArch, ...(pendingQuery !== undefined ? { query: pendingQuery } : {}) };
        }
        run.progress.queries = s.queries;
        if (s.training && !s.stopped) this.registerAgent(run, s.training, s.mlBackend);
        if (s.stopped) this.settle(run, 'cancelled', run.stopReason ?? 'stopped on request', false, s.mlBackend);
        else this.settle(run, 'succeeded', `finished after ${s.queries} queries`, false, s.mlBackend);
        return;
      }
      case 'failed':
        this.settle(run, 'failed', message.error, true);
        return;
      case 'ready':
        return;
    }
  }

  /** A training run that finished registers its agent, so search experiments can name it. */
  private registerAgent(run: ActiveRun, training: TrainingSummary, mlBackend: string | null): void {
    const config = JSON.parse(run.row.config_json) as RunConfig;
    if (config.kind !== 'train-agent') return;
    const store = this.options.store;
    const benchmark = store.getBenchmark(config.benchmark);
    try {
      store.insertAgent({
        name: config.agentName,
        run_id: run.row.id,
        experiment_id: run.row.experiment_id,
        benchmark: config.benchmark,
        space: benchmark?.space ?? 'unknown',
        preset: config.preset,
        checkpoint_path: training.checkpointPath,
        hyper_json: JSON.stringify(config.hyper),
        env_steps: training.envSteps,
        learner_steps: training.learnerSteps,
        ml_backend: mlBackend,
        visited_path: training.visitedPath ?? null,
      }, configBenchmarks(config).map((name) => {
        const row = store.getBenchmark(name);
        // What identifies the table it trained on is its content, not its name.
        return { benchmark: name, content_sha256: row ? benchmarkContentSha256(row) : '', cells_queried: training.cellsQueried?.[name] ?? null };
      }));
      this.options.onPush?.({ type: 'agents-updated' });
    } catch (error) {
      run.pending.push({ type: 'log', data: { level: 'error', message: `could not register agent ${config.agentName}: ${(error as Error).message}` } });
    }
  }

  /** Writes what is buffered and moves the run to its final state, once. */
  private settle(run: ActiveRun, status: RunStatus, reason: string, withLog = false, mlBackend: string | null = null): void {
    if (run.settled) return;
    run.settled = true;
    this.flush(run);
    const error = status === 'failed' ? (withLog && run.logTail.length > 0 ? `${reason}\n--- last output ---\n${run.logTail.join('\n')}` : reason) : null;
    this.options.store.transition(run.row.id, ['running', 'paused'], status, reason, { error, ml_backend: mlBackend });
    this.pushRun(run.row.id);
  }

  /**
   * Writes the buffered events in one transaction, then pushes their curve points: a client
   * that sees a point can always read it (and everything before it) back from the store.
   */
  private flush(run: ActiveRun): void {
    if (run.pending.length === 0 && run.progress.queries === undefined && !run.progress.best) return;
    const events = run.pending;
    const progress = run.progress;
    const pushes = run.pendingPushes;
    run.pending = [];
    run.pendingPushes = [];
    run.progress = {};
    this.options.store.appendEvents(run.row.id, events, progress);
    for (const push of pushes) this.options.onPush?.(push);
  }

  private flushAll(): void {
    for (const run of this.active.values()) this.flush(run);
  }

  private tick(): void {
    const now = Date.now();
    let touched = false;
    for (const run of this.active.values()) {
      if (run.pending.length > 0 || run.progress.queries !== undefined) touched = true;
      this.flush(run);
      if (!run.settled && now - run.lastSeen > this.options.heartbeatTimeoutMs) {
        run.settled = true;
        this.options.store.transition(run.row.id, ['running', 'paused'], 'failed', 'heartbeat lost', {
          error: `the run process stopped answering for ${Math.round((now - run.lastSeen) / 1000)} s and was ended\n--- last output ---\n${run.logTail.join('\n')}`,
        });
        this.pushRun(run.row.id);
        run.worker.kill();
      }
    }
    // The store's heartbeat only needs to beat well within staleAfterMs; once per heartbeat period is plenty.
    if (now - this.lastStoreHeartbeat >= this.options.heartbeatMs) {
      this.lastStoreHeartbeat = now;
      this.options.store.heartbeat(this.activeRunIds, this.owner);
    }
    if (touched) for (const id of this.activeRunIds) this.pushRun(id);
    this.pump();
  }

  private pushRun(runId: number): void {
    if (!this.options.onPush) return;
    const row = this.options.store.getRun(runId);
    if (row) {
      this.options.onPush({ type: 'run-updated', run: toRunSummary(row) });
      this.options.onPush({ type: 'experiment-updated', experimentId: row.experiment_id });
    }
  }
}
