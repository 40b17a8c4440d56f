/**
 * The learner-side handle of an actor worker thread: starts it, queues what it sends,
 * answers weight requests, raises its allowance, and stops it.
 */
import { Worker } from 'node:worker_threads';
import type { SerializedParams } from '../ml/params.ts';
import type { ActorGroupState } from './actors.ts';
import type { ActorWorkerInit, FromActorWorker, ToActorWorker } from './actor-protocol.ts';

export const ACTOR_WORKER_URL = new URL('./actor-worker.ts', import.meta.url);

type Batch = Extract<FromActorWorker, { type: 'batch' }>;

export class ActorWorkerClient {
  private readonly worker: Worker;
  private readonly batches: Batch[] = [];
  private wake: (() => void) | null = null;
  private failure: Error | null = null;
  private exited = false;
  private terminating = false;
  private snapshotWaiters: ((s: ActorGroupState) => void)[] = [];
  private stoppedWaiter: ((s: ActorGroupState) => void) | null = null;
  private lastState: ActorGroupState | null = null;
  private allowed: number;
  needsWeights = false;
  ready: Promise<{ backend: string; epsilons: number[] }>;
  /** Environment steps the worker has reported. */
  envSteps = 0;

  constructor(init: ActorWorkerInit, url: URL = ACTOR_WORKER_URL) {
    this.allowed = init.allow;
    this.worker = new Worker(url, { workerData: init });
    let resolveReady!: (v: { backend: string; epsilons: number[] }) => void;
    let rejectReady!: (e: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    this.ready.catch(() => undefined);
    this.worker.on('message', (message: FromActorWorker) => {
      switch (message.type) {
        case 'ready':
          resolveReady({ backend: message.backend, epsilons: message.epsilons });
          break;
        case 'batch':
          this.envSteps = message.envSteps;
          this.batches.push(message);
          break;
        case 'needWeights':
          this.needsWeights = true;
          break;
        case 'snapshot':
          this.lastState = message.state;
          for (const w of this.snapshotWaiters.splice(0)) w(message.state);
          break;
        case 'stopped':
          this.lastState = message.state;
          this.stoppedWaiter?.(message.state);
          this.stoppedWaiter = null;
          break;
        case 'error':
          this.failure = new Error(`actor worker failed: ${message.message}`);
          rejectReady(this.failure);
          break;
      }
      this.poke();
    });
    this.worker.on('error', (error) => {
      this.failure = new Error(`actor worker failed: ${error.message}`);
      rejectReady(this.failure);
      this.poke();
    });
    this.worker.on('exit', (code) => {
      this.exited = true;
      if (code !== 0 && !this.failure && !this.terminating) this.failure = new Error(`actor worker exited with code ${code}`);
      rejectReady(this.failure ?? new Error('actor worker exited before it was ready'));
      this.stoppedWaiter?.(this.lastState ?? { indices: [], envRngs: [], policyRngs: [], stepsSinceSync: 0 });
      this.stoppedWaiter = null;
      this.poke();
    });
  }

  private poke(): void {
    this.wake?.();
    this.wake = null;
  }

  private post(message: ToActorWorker): void {
    if (!this.exited) this.worker.postMessage(message);
  }

  throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  /** Everything received since the last call. */
  drain(): Batch[] {
    this.throwIfFailed();
    return this.batches.splice(0);
  }

  /** Resolves when a message arrives or after `ms`. */
  waitForMessage(ms: number): Promise<void> {
    if (this.batches.length > 0 || this.failure || this.needsWeights) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  allow(envSteps: number): void {
    if (envSteps > this.allowed) {
      this.allowed = envSteps;
      this.post({ type: 'allow', envSteps });
    }
  }

  sendWeights(weights: SerializedParams): void {
    this.needsWeights = false;
    this.post({ type: 'weights', weights });
  }

  snapshot(): Promise<ActorGroupState> {
    this.throwIfFailed();
    return new Promise((resolve) => {
      this.snapshotWaiters.push(resolve);
      this.post({ type: 'snapshot' });
    });
  }

  /** Stop the worker; resolves with its final RNG states. */
  async stop(): Promise<ActorGroupState | null> {
    if (this.exited) return this.lastState;
    const stopped = new Promise<ActorGroupState>((resolve) => (this.stoppedWaiter = resolve));
    this.post({ type: 'stop' });
    let timer: NodeJS.Timeout | undefined;
    const state = await Promise.race([stopped, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 10_000)))]);
    clearTimeout(timer);
    await this.terminate();
    return state;
  }

  async terminate(): Promise<void> {
    this.terminating = true;
    await this.worker.terminate();
  }
}
