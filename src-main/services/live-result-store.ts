/**
 * The live benchmarks' result cache in the store (table live_results, schema v5, see
 * migrations.ts): one row per (recipe key, cell hash, seed). The run process opens its own
 * connection to the store file for this table only (SQLite in WAL mode serves several
 * processes; the app keeps writing runs and events meanwhile). It implements the interface the
 * library declares (nas/live/result-cache.ts) and imports nothing else from services, so the run
 * process that opens it (worker/benchmark-loader.ts) does not load the app's services.
 */
import { DatabaseSync } from 'node:sqlite';
import type { CachedResult, LiveResultCache } from '../nas/live/result-cache.ts';
import type { Nb101Cell } from '../nas/spaces/nb101/matrix.ts';
import type { TrainOutcome } from '../nas/live/train.ts';

class SqliteLiveResultCache implements LiveResultCache {
  private readonly db: DatabaseSync;

  constructor(databasePath: string) {
    this.db = new DatabaseSync(databasePath);
    this.db.exec('PRAGMA busy_timeout = 10000;');
    const table = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'live_results'").get();
    if (!table) {
      this.db.close();
      throw new Error(`${databasePath} has no live_results table: open it with this archwalk once (it upgrades the store) before running live benchmarks`);
    }
  }

  get(recipeKey: string, hash: string, seed: number): CachedResult | null {
    const row = this.db.prepare('SELECT outcome_json, backend FROM live_results WHERE recipe_key = ? AND hash = ? AND seed = ?').get(recipeKey, hash, seed) as
      | { outcome_json: string; backend: string }
      | undefined;
    return row ? { outcome: JSON.parse(row.outcome_json) as TrainOutcome, backend: row.backend } : null;
  }

  /**
   * First write wins (see LiveResultCache.put). A failed write (the store busy for longer than
   * the timeout) keeps the fresh result uncached rather than losing the training.
   */
  put(recipeKey: string, hash: string, seed: number, cell: Nb101Cell, outcome: TrainOutcome, backend: string): CachedResult {
    try {
      this.db
        .prepare('INSERT OR IGNORE INTO live_results (recipe_key, hash, seed, cell_json, outcome_json, backend, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(recipeKey, hash, seed, JSON.stringify(cell), JSON.stringify(outcome), backend, new Date().toISOString());
      return this.get(recipeKey, hash, seed) ?? { outcome, backend };
    } catch {
      return { outcome, backend };
    }
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}

/** The app's OpenLiveResultCache: the store file a benchmark handle names. */
export function openLiveResultCache(databasePath: string): LiveResultCache {
  return new SqliteLiveResultCache(databasePath);
}
