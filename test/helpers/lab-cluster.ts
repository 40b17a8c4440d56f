/**
 * A test file's lab: a temporary PostgreSQL cluster started before its tests (where Debian's
 * PostgreSQL and the NB201 data are here) and machines, each a home of its own with the
 * shipped benchmarks registered, removed after them.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { archwalk } from './cli.ts';
import { NB201_CSV, skipWithout, tempDir } from './data.ts';
import { postgresSkip, startPostgres, type PostgresCluster } from './postgres.ts';

export const labClusterSkip: string | false = postgresSkip || skipWithout(NB201_CSV);

export function labClusterPerFile(): { cluster(): PostgresCluster; machine(): string } {
  let cluster: PostgresCluster | undefined;
  const homes: ReturnType<typeof tempDir>[] = [];
  before(async () => {
    if (!labClusterSkip) cluster = await startPostgres();
  });
  after(() => {
    cluster?.stop();
    for (const home of homes) home.cleanup();
  });
  return {
    cluster() {
      if (!cluster) throw new Error('the cluster is not running');
      return cluster;
    },
    machine() {
      const home = tempDir('archwalk-lab-');
      homes.push(home);
      const listed = archwalk(home.path, ['benchmark', 'list']);
      assert.match(listed.stdout, /nb201-cifar10/, listed.stderr);
      return home.path;
    },
  };
}
