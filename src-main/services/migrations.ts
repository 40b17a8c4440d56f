/**
 * Versioned schema migrations, applied in order inside one transaction each; the
 * database's `user_version` records the last one applied.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'benchmarks, experiments, runs, the per-run event log, settings',
    sql: `
      CREATE TABLE benchmarks (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        space TEXT NOT NULL,
        size INTEGER NOT NULL,
        source_path TEXT NOT NULL,
        source_sha256 TEXT NOT NULL,
        data_path TEXT NOT NULL,
        best_valid REAL,
        best_test REAL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE experiments (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        config_json TEXT NOT NULL,
        config_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        searcher TEXT NOT NULL,
        searcher_kind TEXT NOT NULL,
        seed INTEGER NOT NULL,
        status TEXT NOT NULL,
        queue_position INTEGER,
        budget INTEGER NOT NULL,
        config_json TEXT NOT NULL,
        config_hash TEXT NOT NULL,
        app_version TEXT NOT NULL,
        ml_backend TEXT,
        device TEXT,
        benchmark_sha256 TEXT,
        queries INTEGER NOT NULL DEFAULT 0,
        best_valid REAL,
        best_test REAL,
        best_hash TEXT,
        best_arch TEXT,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        error TEXT,
        owner TEXT,
        heartbeat_at INTEGER
      );
      CREATE INDEX runs_by_status ON runs(status, queue_position);
      CREATE INDEX runs_by_experiment ON runs(experiment_id);
      CREATE TABLE run_events (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        t INTEGER NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
      ) WITHOUT ROWID;
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'trained agents, registered when their training run succeeds',
    sql: `
      CREATE TABLE agents (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        experiment_id INTEGER REFERENCES experiments(id) ON DELETE SET NULL,
        benchmark TEXT NOT NULL,
        space TEXT NOT NULL,
        preset TEXT NOT NULL,
        checkpoint_path TEXT NOT NULL,
        hyper_json TEXT NOT NULL,
        env_steps INTEGER NOT NULL,
        learner_steps INTEGER NOT NULL,
        ml_backend TEXT,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    description: 'benchmark sizes as REAL: surrogate spaces (NB301, ~1e18 genotypes) exceed exact JavaScript integers',
    sql: `
      CREATE TABLE benchmarks_v3 (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        space TEXT NOT NULL,
        size REAL NOT NULL,
        source_path TEXT NOT NULL,
        source_sha256 TEXT NOT NULL,
        data_path TEXT NOT NULL,
        best_valid REAL,
        best_test REAL,
        created_at TEXT NOT NULL
      );
      INSERT INTO benchmarks_v3 SELECT * FROM benchmarks;
      DROP TABLE benchmarks;
      ALTER TABLE benchmarks_v3 RENAME TO benchmarks;
    `,
  },
  {
    version: 4,
    description: "the query at which a run's best architecture was found",
    sql: `ALTER TABLE runs ADD COLUMN best_query INTEGER;`,
  },
  {
    version: 5,
    description: 'results of live benchmarks (cells trained for real), keyed by recipe, cell hash and seed',
    sql: `
      CREATE TABLE live_results (
        recipe_key TEXT NOT NULL,
        hash TEXT NOT NULL,
        seed INTEGER NOT NULL,
        cell_json TEXT NOT NULL,
        outcome_json TEXT NOT NULL,
        backend TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (recipe_key, hash, seed)
      );
    `,
  },
  {
    version: 6,
    description: 'run leases: each claim of a run is a numbered attempt with an owner and a lease; every write of the run names its attempt',
    sql: `
      ALTER TABLE runs ADD COLUMN attempt INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE runs ADD COLUMN lease_expires_at INTEGER;
      UPDATE runs SET attempt = 1, lease_expires_at = COALESCE(heartbeat_at, 0) + 30000 WHERE status IN ('running', 'paused');
      CREATE TABLE run_attempts (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        attempt INTEGER NOT NULL,
        owner TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        outcome TEXT,
        PRIMARY KEY (run_id, attempt)
      ) WITHOUT ROWID;
      INSERT INTO run_attempts (run_id, attempt, owner, started_at)
        SELECT id, 1, COALESCE(owner, 'unknown'), COALESCE(started_at, created_at) FROM runs WHERE status IN ('running', 'paused');
    `,
  },
  {
    version: 7,
    description: 'the dataset and training epochs a benchmark table holds (null where the source does not say)',
    sql: `
      ALTER TABLE benchmarks ADD COLUMN dataset TEXT;
      ALTER TABLE benchmarks ADD COLUMN epochs INTEGER;
    `,
  },
  {
    version: 8,
    description: 'held-out evaluation: the benchmarks (by content checksum) each agent was trained on, and whether an agent run is in-sample',
    sql: `
      CREATE TABLE agent_training (
        agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        benchmark TEXT NOT NULL,
        content_sha256 TEXT NOT NULL,
        cells_queried INTEGER,
        PRIMARY KEY (agent_id, position)
      );
      ALTER TABLE agents ADD COLUMN visited_path TEXT;
      ALTER TABLE runs ADD COLUMN benchmark_content_sha256 TEXT;
      ALTER TABLE runs ADD COLUMN agent_sample TEXT;
      -- Agents and runs from before: an agent run on the benchmark its agent was trained on (by name) is in-sample.
      UPDATE runs SET agent_sample = CASE
          WHEN json_extract(runs.config_json, '$.benchmark') =
               (SELECT agents.benchmark FROM agents WHERE agents.name = json_extract(runs.config_json, '$.searcher.params.checkpoint'))
          THEN 'in-sample' ELSE 'held-out' END
        WHERE searcher_kind = 'agent';
    `,
  },
  {
    version: 9,
    description: 'benchmark names reserved by imports in progress (one importer per name; its files are its own)',
    sql: `
      CREATE TABLE benchmark_reservations (
        name TEXT PRIMARY KEY,
        token TEXT NOT NULL,
        kind TEXT NOT NULL,
        data_path TEXT NOT NULL,
        staging_path TEXT NOT NULL,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        heartbeat_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 10,
    description: 'run dependencies: a sweep\'s evaluation runs wait for the training run of their agent',
    sql: `
      ALTER TABLE runs ADD COLUMN depends_on INTEGER REFERENCES runs(id);
      CREATE INDEX runs_by_dependency ON runs(depends_on) WHERE depends_on IS NOT NULL;
    `,
  },
  {
    version: 11,
    description: 'cached analyses (landscape analyses per benchmark content, latent maps per agent), keyed by their parameters',
    sql: `
      CREATE TABLE analysis_cache (
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        params_hash TEXT NOT NULL,
        params_json TEXT NOT NULL,
        result_json TEXT NOT NULL,
        app_version TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (kind, subject, params_hash)
      ) WITHOUT ROWID;
    `,
  },
];
