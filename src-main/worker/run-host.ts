/**
 * Hosts one run inside a run process: answers the parent's start/pause/resume/stop,
 * beats its heart, runs the search and reports every query. The same code serves
 * Electron's utilityProcess and Node's fork.
 */
import { loadBenchmark } from '../nas/benchmarks/load.ts';
import type { QueryRecord, SearchControl } from '../nas/search/evaluator.ts';
import { runSearch } from '../nas/search/run-search.ts';
import { parseParentMessage, WORKER_PROTOCOL_VERSION, type StartMessage } from '../shared/worker-protocol.ts';
import type { ParentTransport } from './transport.ts';

class PauseGate implements SearchControl {
  stopRequested = false;
  paused = false;
  private release: (() => void) | null = null;

  waitWhilePaused(): Promise<void> {
    if (!this.paused) return Promise.resolve();
    return new Promise((resolve) => {
      this.release = resolve;
    });
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused && this.release) {
      this.release();
      this.release = null;
    }
  }
}

export class RunHost {
  private readonly transport: ParentTransport;
  private readonly exit: (code: number) => void;
  private readonly gate = new PauseGate();
  private started = false;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(transport: ParentTransport, exit: (code: number) => void) {
    this.transport = transport;
    this.exit = exit;
  }

  listen(): void {
    this.transport.onMessage((raw) => this.handle(raw));
    this.transport.send({ type: 'ready', version: WORKER_PROTOCOL_VERSION, pid: process.pid });
  }

  private handle(raw: unknown): void {
    const message = parseParentMessage(raw);
    if (!message) {
      this.transport.send({ type: 'log', level: 'warn', message: `ignored a message this run process does not understand: ${JSON.stringify(raw).slice(0, 200)}` });
      return;
    }
    switch (message.type) {
      case 'start':
        if (this.started) return;
        this.started = true;
        void this.run(message);
        return;
      case 'pause':
        this.gate.setPaused(true);
        this.transport.send({ type: 'paused' });
        return;
      case 'resume':
        this.gate.setPaused(false);
        this.transport.send({ type: 'resumed' });
        return;
      case 'stop':
        this.gate.stopRequested = true;
        this.gate.setPaused(false);
        if (!this.started) this.finish(0);
        return;
    }
  }

  private async run(start: StartMessage): Promise<void> {
    this.heartbeat = setInterval(() => this.transport.send({ type: 'heartbeat', t: Date.now() }), start.heartbeatMs);
    const { config, resume } = start;
    try {
      const benchmark = loadBenchmark(start.benchmark);
      this.transport.send({
        type: 'log',
        level: 'info',
        message: `${resume ? `resuming after query ${resume.queries}: ` : ''}${config.searcher.label} on ${start.benchmark.name}, seed ${config.seed}, budget ${config.budget}`,
      });
      const onQuery = (record: QueryRecord<unknown>): void => {
        if (resume && record.query <= resume.queries) {
          // Replaying the deterministic trajectory up to where the run was cut off.
          if (record.query === resume.queries && resume.lastHash !== null && record.hash !== resume.lastHash) {
            throw new Error(`cannot resume: replaying seed ${config.seed} reached ${record.hash} at query ${record.query}, but the run had recorded ${resume.lastHash}`);
          }
          return;
        }
        this.transport.send({
          type: 'architecture',
          query: record.query,
          hash: record.hash,
          arch: benchmark.space.toJSON(record.arch),
          valid: record.metrics.valid,
          test: record.metrics.test,
          incumbentValid: record.incumbent.valid,
          incumbentTest: record.incumbent.test,
          incumbentHash: record.incumbent.hash,
          elapsedMs: record.elapsedMs,
        });
      };
      const outcome = await runSearch({ config, benchmark, onQuery, control: this.gate });
      const best = outcome.incumbent;
      this.transport.sendThen(
        {
          type: 'done',
          summary: {
            queries: outcome.queries,
            bestHash: best?.hash ?? null,
            bestArch: best ? benchmark.space.toJSON(best.arch) : null,
            bestValid: best?.valid ?? null,
            bestTest: best?.test ?? null,
            mlBackend: 'none',
            stopped: outcome.stopped,
          },
        },
        () => this.finish(0),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.transport.sendThen({ type: 'failed', error: message }, () => this.finish(1));
    }
  }

  private finish(code: number): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.exit(code);
  }
}
