/**
 * Hosts one run (or one analysis: a landscape, an agent's latent map) inside a run process: answers the parent's start/analyse/map-agent/pause/resume/stop,
 * beats its heart, and runs a search or an agent training, reporting as it goes. The same code serves
 * Electron's utilityProcess and Node's fork.
 */
import type { SearchControl } from '../nas/search/evaluator.ts';
import { parseParentMessage, WORKER_PROTOCOL_VERSION, type FromWorker, type StartMessage } from '#shared/worker-protocol.ts';
import { analysisJob } from './analysis-job.ts';
import { searchJob } from './search-job.ts';
import { trainingJob } from './training-job.ts';
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
      case 'analyse':
        if (this.started) return;
        this.started = true;
        void this.analyse(message.heartbeatMs, async () => ({ type: 'analysis', analysis: await analysisJob(message, this.transport) }));
        return;
      case 'map-agent':
        if (this.started) return;
        this.started = true;
        // Imported when used: it brings TensorFlow.js and UMAP, which a search of a classic searcher need not load.
        void this.analyse(message.heartbeatMs, async () => ({ type: 'agent-map', map: await (await import('./agent-map-job.ts')).agentMapJob(message, this.transport) }));
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
    try {
      const { config } = start;
      const summary = config.kind === 'train-agent'
        ? await trainingJob(start, config, this.transport, this.gate)
        : await searchJob(start, config, this.transport, this.gate);
      this.transport.sendThen({ type: 'done', summary }, () => this.finish(0));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.transport.sendThen({ type: 'failed', error: message }, () => this.finish(1));
    }
  }

  /** An analysis (a landscape, an agent's map) instead of a run: the same heartbeat and ending, a result message instead of a summary. */
  private async analyse(heartbeatMs: number, job: () => Promise<FromWorker>): Promise<void> {
    this.heartbeat = setInterval(() => this.transport.send({ type: 'heartbeat', t: Date.now() }), heartbeatMs);
    try {
      const result = await job();
      this.transport.sendThen(result, () => this.finish(0));
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
