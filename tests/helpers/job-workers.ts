// The real workers of every queue, in the test's own process on the test Redis: run with the job dependencies a
// test gives and stand-ins for those it does not reach.
import type { Worker } from "bullmq";
import type { JobDeps } from "../../src/jobs/processors.ts";
import { redisOptions } from "../../src/jobs/connection.ts";
import { closeAll, openQueues, type QueueSettings, type Queues } from "../../src/jobs/queues.ts";
import { startWorkers } from "../../src/jobs/workers.ts";
import { createFetcher } from "../../src/fetch/index.ts";
import type { Db } from "../../src/store/client.ts";
import { TEST_REDIS_URL, deleteQueueKeys } from "./services.ts";

export interface JobWorkers {
  queues: Queues;
  /** Stops the workers, closes the queues and the fetcher, and removes the queues' keys. */
  close(): Promise<void>;
}

export async function startJobWorkers(
  db: Db,
  settings: QueueSettings,
  deps: Partial<Omit<JobDeps, "db" | "queues">> = {},
): Promise<JobWorkers> {
  const connection = redisOptions(TEST_REDIS_URL);
  const queues = openQueues(connection, settings);
  const fetcher = deps.fetcher ?? createFetcher();
  const workers: Worker[] = startWorkers(
    {
      source: async (id) => {
        throw new Error(`no source ${id}`);
      },
      pauseAfter: 10,
      curateArticle: async () => {},
      reclassify: async () => 0,
      ...deps,
      db,
      queues,
      fetcher,
    },
    connection,
    settings,
  );
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  return {
    queues,
    close: async () => {
      await closeAll(workers);
      await closeAll(Object.values(queues));
      await fetcher.close();
      await deleteQueueKeys(settings.prefix);
    },
  };
}
