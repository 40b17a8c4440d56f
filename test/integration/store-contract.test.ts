/**
 * The asynchronous store contract (test/helpers/store-contract.ts) on both backends: the
 * embedded SQLite store through its adapter, and PostgreSQL in a temporary cluster (skipped,
 * with the reason, where Debian's postgresql package is not installed).
 */
import { after, before } from 'node:test';
import { join } from 'node:path';
import { parseStoreUrl } from '../../src-main/services/store-url.ts';
import { SqliteAsyncStore } from '../../src-main/services/sqlite-async-store.ts';
import { connectPostgres, type PostgresUrl } from '../../src-main/services/postgres/connect.ts';
import { migratePostgres } from '../../src-main/services/postgres/migrations.ts';
import { PostgresStore } from '../../src-main/services/postgres/store.ts';
import { tempDir } from '../helpers/data.ts';
import { postgresSkip, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { storeContract } from '../helpers/store-contract.ts';

storeContract('sqlite', async () => {
  const dir = tempDir();
  const store = SqliteAsyncStore.open(join(dir.path, 'contract.db'));
  return { store, cleanup: async () => { await store.close(); dir.cleanup(); } };
});

let cluster: PostgresCluster | undefined;
let databases = 0;
before(async () => {
  if (!postgresSkip) cluster = await startPostgres();
});
after(() => cluster?.stop());

/** A fresh, initialised database per test. */
async function freshPostgresStore(c: PostgresCluster): Promise<PostgresStore> {
  const url = parseStoreUrl(await c.createDatabase(`contract_${++databases}`)) as PostgresUrl;
  const client = await connectPostgres(url);
  await migratePostgres(client, url.redacted).finally(() => client.end());
  return PostgresStore.open(url);
}

storeContract('postgres', async () => {
  const store = await freshPostgresStore(cluster!);
  return { store, cleanup: () => store.close() };
}, postgresSkip);
