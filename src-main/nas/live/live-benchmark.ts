/**
 * The `live` benchmark kind: a query trains the NB101 cell under the benchmark's recipe and
 * returns what it measured (train/validation/test accuracy, parameters, training time).
 * Results are cached in the store by (recipe key, cell hash, seed), so a repeated query,
 * in this run or any later one, is free: searching builds a tabular benchmark as it goes.
 *
 * Definition (what `archwalk benchmark import live FILE` reads):
 *   { "recipe": { …TrainingRecipe… }, "seeds": [0], "maxVertices": 7 }
 * seeds: training seeds; a query trains one of them (drawn with the run's rng, like the
 * official NB101 repeats) or all with repeat: "mean". maxVertices restricts the space
 * (5 keeps every network small and the space at 2,532 cells).
 */
import { readFileSync } from 'node:fs';
import type { Metrics, QueryOptions, Benchmark } from '../benchmarks/types.ts';
import { cellToGraph, type Nb101Cell } from '../spaces/nb101/matrix.ts';
import { NB101_MAX_VERTICES } from '../spaces/nb101/ops.ts';
import { createNb101Space, nb101Space, type Nb101Space } from '../spaces/nb101/space.ts';
import { preparedData, type PreparedData } from './dataset.ts';
import { checkRecipe, RecipeError, recipeKey, type TrainingRecipe } from './recipe.ts';
import type { LiveResultCache, OpenLiveResultCache } from './result-cache.ts';
import type { TrainOutcome } from './train.ts';

// TensorFlow.js is loaded on the first query that must train, not when the run process opens
// the benchmark: a search served entirely from the cache never pays for it.
type Trainer = typeof import('./train.ts').trainCell;

export const LIVE_FORMAT = 'archwalk-live/1';

export interface LiveDefinition {
  recipe: TrainingRecipe;
  seeds: number[];
  maxVertices: number;
}

/** What a registered live benchmark stores: the definition plus the identity of its data. */
export interface LiveBenchmarkFile extends LiveDefinition {
  format: typeof LIVE_FORMAT;
  recipeKey: string;
  fingerprint: string;
}

export function checkLiveDefinition(value: unknown): LiveDefinition {
  if (typeof value !== 'object' || value === null) throw new RecipeError('a live benchmark definition must be a JSON object with a "recipe"');
  const v = value as Record<string, unknown>;
  const recipe = checkRecipe(v.recipe);
  const seeds = v.seeds ?? [0];
  if (!Array.isArray(seeds) || seeds.length === 0 || !seeds.every((s) => Number.isInteger(s) && s >= 0) || new Set(seeds).size !== seeds.length) {
    throw new RecipeError(`seeds must be a non-empty list of distinct integers ≥ 0, got ${JSON.stringify(seeds)}`);
  }
  const maxVertices = v.maxVertices ?? NB101_MAX_VERTICES;
  if (!Number.isInteger(maxVertices) || (maxVertices as number) < 2 || (maxVertices as number) > NB101_MAX_VERTICES) {
    throw new RecipeError(`maxVertices must be an integer from 2 to ${NB101_MAX_VERTICES}, got ${JSON.stringify(maxVertices)}`);
  }
  const unknown = Object.keys(v).filter((k) => !['recipe', 'seeds', 'maxVertices'].includes(k));
  if (unknown.length > 0) throw new RecipeError(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} in the live benchmark definition (known: recipe, seeds, maxVertices)`);
  return { recipe, seeds: seeds as number[], maxVertices: maxVertices as number };
}

/** Reads a definition, checks the dataset loads, and returns the file to register. */
export function createLiveBenchmarkFile(definitionPath: string): LiveBenchmarkFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(definitionPath, 'utf8'));
  } catch (error) {
    throw new RecipeError(`cannot read ${definitionPath}: ${(error as Error).message}`);
  }
  const definition = checkLiveDefinition(raw);
  const data = preparedData(definition.recipe.dataset);
  return { format: LIVE_FORMAT, ...definition, recipeKey: recipeKey(definition.recipe, data.fingerprint), fingerprint: data.fingerprint };
}

export function readLiveBenchmarkFile(path: string): LiveBenchmarkFile {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<LiveBenchmarkFile>;
  if (raw.format !== LIVE_FORMAT) throw new Error(`${path} is not a live benchmark (format ${JSON.stringify(raw.format)}, expected ${LIVE_FORMAT})`);
  const definition = checkLiveDefinition({ recipe: raw.recipe, seeds: raw.seeds, maxVertices: raw.maxVertices });
  return { ...definition, format: LIVE_FORMAT, recipeKey: String(raw.recipeKey), fingerprint: String(raw.fingerprint) };
}

export class LiveBenchmark implements Benchmark<Nb101Cell> {
  readonly name: string;
  readonly space: Nb101Space;
  readonly file: LiveBenchmarkFile;
  private readonly cache: LiveResultCache;
  private data: PreparedData | null = null;
  private backend: string | null = null;
  private trainer: Trainer | null = null;

  constructor(name: string, file: LiveBenchmarkFile, cache: LiveResultCache) {
    this.name = name;
    this.file = file;
    this.cache = cache;
    this.space = file.maxVertices === NB101_MAX_VERTICES ? nb101Space : createNb101Space(nb101Space.memo, file.maxVertices);
  }

  private async prepare(): Promise<{ data: PreparedData; train: Trainer }> {
    if (this.trainer === null) {
      const [{ selectBackend }, { trainCell }] = await Promise.all([import('../ml/backend.ts'), import('./train.ts')]);
      this.backend = (await selectBackend()).name;
      this.trainer = trainCell;
    }
    if (this.data === null) {
      const data = preparedData(this.file.recipe.dataset);
      if (data.fingerprint !== this.file.fingerprint) {
        throw new Error(`the data of live benchmark ${this.name} changed since it was created (fingerprint ${this.file.fingerprint}, now ${data.fingerprint}); results would not be comparable, so create a new benchmark for the new data`);
      }
      this.data = data;
    }
    return { data: this.data, train: this.trainer };
  }

  async query(arch: Nb101Cell, options: QueryOptions): Promise<Metrics> {
    const cell = this.space.pruned(this.space.validate(arch));
    const hash = this.space.hash(cell);
    const seeds = options.repeat === 'mean' ? this.file.seeds : [this.file.seeds.length === 1 ? this.file.seeds[0]! : options.rng.pick(this.file.seeds)];
    const outcomes: TrainOutcome[] = [];
    let allCached = true;
    for (const seed of seeds) {
      const hit = this.cache.get(this.file.recipeKey, hash, seed);
      if (hit) {
        outcomes.push(hit.outcome);
        continue;
      }
      allCached = false;
      const { data, train } = await this.prepare();
      const outcome = await train(cellToGraph(cell), data, this.file.recipe, seed, {
        onProgress: (p) => options.onProgress?.({ hash, seed, ...p }),
      });
      outcomes.push(this.cache.put(this.file.recipeKey, hash, seed, cell, outcome, this.backend!).outcome);
    }
    const mean = (pick: (o: TrainOutcome) => number) => outcomes.reduce((sum, o) => sum + pick(o), 0) / outcomes.length;
    const trainSeconds = mean((o) => o.trainSeconds);
    return {
      valid: mean((o) => o.final.validation),
      test: mean((o) => o.final.test),
      train: mean((o) => o.final.train),
      params: outcomes[0]!.params,
      trainSeconds,
      cost: trainSeconds,
      cached: allCached,
    };
  }

  close(): void {
    this.cache.close();
  }
}

export function loadLiveBenchmark(name: string, dataPath: string, cachePath: string | undefined, openCache: OpenLiveResultCache | undefined): LiveBenchmark {
  if (!cachePath || !openCache) throw new Error(`live benchmark ${name} needs the store to cache its results, and none was given`);
  return new LiveBenchmark(name, readLiveBenchmarkFile(dataPath), openCache(cachePath));
}
