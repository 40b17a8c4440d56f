/**
 * The live view of a lab: every machine's runs as push events, from the shared store. The
 * doorbell (PostgreSQL LISTEN/NOTIFY: each committed batch of a run's events rings with the
 * run and its last sequence number) says which run changed; the pushes are then read from the
 * store, after the last sequence number this view saw of that run. A poll of the unfinished
 * runs every few seconds is the fallback for rings that never came (the listening connection
 * dropped, a server restart): a run whose status or query count moved is read the same way.
 */
import type { CurvePoint, PushEvent, RunStatus } from '#shared/api.ts';
import type { ArchitectureEvent } from '#shared/worker-protocol.ts';
import type { AsyncStore, EventBell } from '../store-api.ts';
import { toRunSummary, type RunRow } from '../store.ts';

/** How often the fallback reads the unfinished runs. */
const POLL_MS = 2000;
/** A run first seen through a ring: how many of its latest events are read for points (the client drops points it has). */
const FIRST_READ_EVENTS = 200;
const UNFINISHED: readonly RunStatus[] = ['queued', 'running', 'paused'];

export class LabLivePushes {
  private readonly store: AsyncStore;
  private readonly emit: (event: PushEvent) => void;
  private readonly lastSeq = new Map<number, number>();
  private readonly seen = new Map<number, { status: RunStatus; queries: number }>();
  /** Runs being read, and runs rung again meanwhile (read once more after). */
  private readonly reading = new Set<number>();
  private readonly again = new Set<number>();
  private stopListening: (() => Promise<void>) | null = null;
  private poller: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(store: AsyncStore, emit: (event: PushEvent) => void) {
    this.store = store;
    this.emit = emit;
  }

  async start(): Promise<void> {
    this.stopListening = await this.store.onEvents((bell) => void this.ring(bell));
    // What the clients load themselves is not pushed again: the unfinished runs as they stand now.
    for (const row of await this.store.listRuns({ statuses: UNFINISHED })) {
      this.seen.set(row.id, { status: row.status, queries: row.queries });
      this.lastSeq.set(row.id, (await this.store.events(row.id, { lastN: 1 }))[0]?.seq ?? 0);
    }
    this.poller = setInterval(() => void this.poll(), POLL_MS);
    this.poller.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.poller) clearInterval(this.poller);
    await this.stopListening?.();
  }

  private async ring(bell: EventBell): Promise<void> {
    if ((this.lastSeq.get(bell.runId) ?? 0) >= bell.seq) return;
    await this.read(bell.runId, bell.seq);
  }

  /** Reads a run's row and its events after the last seen sequence number, and pushes them. */
  private async read(runId: number, rungSeq?: number): Promise<void> {
    if (this.reading.has(runId)) {
      this.again.add(runId);
      return;
    }
    this.reading.add(runId);
    try {
      const known = this.lastSeq.get(runId);
      const after = known ?? Math.max(0, (rungSeq ?? 0) - FIRST_READ_EVENTS);
      const [row, events] = await Promise.all([this.store.getRun(runId), this.store.events(runId, { afterSeq: after })]);
      if (!row || this.closed) return;
      for (const event of events) {
        if (event.type === 'architecture') {
          const a = event.data as ArchitectureEvent;
          const point: CurvePoint = [a.query, a.incumbentValid, a.incumbentTest];
          this.emit({ type: 'run-point', runId, experimentId: row.experiment_id, point, evaluated: { hash: a.hash, valid: a.valid, test: a.test } });
        } else if (event.type === 'metric' && known !== undefined) {
          // Metrics of a run first seen are not replayed: the client loads them with the run.
          const m = event.data as { name: string; step: number; value: number };
          this.emit({ type: 'run-metric', runId, name: m.name, step: m.step, value: m.value });
        }
      }
      const last = events.at(-1)?.seq;
      if (last !== undefined) this.lastSeq.set(runId, last);
      this.announce(row);
    } catch {
      // The store did not answer: the next ring or poll reads it again.
    } finally {
      this.reading.delete(runId);
      if (this.again.delete(runId)) void this.read(runId);
    }
  }

  private announce(row: RunRow): void {
    const before = this.seen.get(row.id);
    this.seen.set(row.id, { status: row.status, queries: row.queries });
    if (before && before.status === row.status && before.queries === row.queries) return;
    this.emit({ type: 'run-updated', run: toRunSummary(row) });
    if (!before || before.status !== row.status) this.emit({ type: 'experiment-updated', experimentId: row.experiment_id });
  }

  /** The fallback: unfinished runs (and those that just finished) whose status or progress moved are read. */
  private async poll(): Promise<void> {
    let rows: RunRow[];
    try {
      rows = await this.store.listRuns({ statuses: UNFINISHED });
    } catch {
      return;
    }
    const unfinished = new Set(rows.map((r) => r.id));
    for (const row of rows) {
      const before = this.seen.get(row.id);
      if (!before || before.status !== row.status || before.queries !== row.queries) void this.read(row.id);
    }
    // Runs this view saw unfinished that are no longer: read their ending.
    for (const [id, state] of this.seen) if (UNFINISHED.includes(state.status) && !unfinished.has(id)) void this.read(id);
  }
}
