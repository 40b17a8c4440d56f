/**
 * A stand-in worker process for the PostgreSQL concurrency tests: it talks to the store only
 * through the asynchronous Store interface, as the lab's workers will.
 *
 *   node test/helpers/pg-claimer.ts drain URL OWNER      claim runs until none is left; each: 3 events, then succeeded
 *   node test/helpers/pg-claimer.ts hold URL OWNER MS    claim one run with an MS lease; every 50 ms append an event
 *                                                        and renew, until a write is fenced or the lease is lost
 *
 * Prints one JSON line per claim ({"claimed":ID,"attempt":N}) and, for hold, how it stopped.
 */
import { FencedError } from '../../src-main/services/run-lease.ts';
import { parseStoreUrl } from '../../src-main/services/store-url.ts';
import type { PostgresUrl } from '../../src-main/services/postgres/connect.ts';
import { PostgresStore } from '../../src-main/services/postgres/store.ts';

const [mode, urlText, owner, leaseText] = process.argv.slice(2);
const store = await PostgresStore.open(parseStoreUrl(urlText!) as PostgresUrl);
const say = (line: object): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

try {
  if (mode === 'drain') {
    for (;;) {
      const claimed = await store.claimNext(owner!);
      if (!claimed) break;
      say({ claimed: claimed.run.id, attempt: claimed.lease.attempt });
      for (let query = 1; query <= 3; query++) await store.appendEvents(claimed.lease, [{ type: 'architecture', data: { query, owner } }], { queries: query });
      await store.transition(claimed.run.id, ['running'], 'succeeded', 'done', {}, { lease: claimed.lease });
    }
    say({ done: true });
  } else if (mode === 'hold') {
    const claimed = await store.claimNext(owner!, { leaseMs: Number(leaseText) });
    if (!claimed) throw new Error('nothing to claim');
    say({ claimed: claimed.run.id, attempt: claimed.lease.attempt });
    for (let query = 1; ; query++) {
      try {
        await store.appendEvents(claimed.lease, [{ type: 'architecture', data: { query, attempt: claimed.lease.attempt } }], { queries: query });
      } catch (error) {
        say({ stopped: error instanceof FencedError ? 'fenced' : 'error', message: (error as Error).message });
        break;
      }
      if ((await store.renewLeases([claimed.lease], Number(leaseText))).length > 0) {
        say({ stopped: 'lost-lease' });
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
} finally {
  await store.close();
}
