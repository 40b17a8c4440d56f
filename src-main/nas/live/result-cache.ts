/**
 * The cache of live results in the store (table live_results, schema v5): one row per
 * (recipe key, cell hash, seed). The run process opens its own connection to the store
 * file for this table only (SQLite in WAL mode serves several processes; the app keeps
 * writing runs and events meanwhile). A result is written once the training finished,
 * so an interrupted training leaves nothing behind and is simply trained again.
 */
import { DatabaseSync } from 'node:sqlite';
import type { Nb101Cell } from '../spaces/nb101/matrix.ts';
import type { TrainOutcome } from './train.ts';

export interface CachedResult {
  outcome: TrainOutcome;
  backend: string;
}

export class LiveResultCache {
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
   * Stores a result and returns the one the cache holds. First write wins: when two runs
   * trained the same cell concurrently, both continue with the earlier result, so any later
   * replay of either run sees the same numbers. A failed write (the store busy for longer than
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
