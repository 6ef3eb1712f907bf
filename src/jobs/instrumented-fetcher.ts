import type { Fetcher } from "../fetch/index.ts";
import { FetchError } from "../fetch/index.ts";
import { bytesFetched, fetchDuration, fetches, statusClass } from "../metrics/registry.ts";
import { currentJob } from "./observe-job.ts";

/**
 * The fetcher with per-source metrics: outcome, status class, duration and bytes of every fetch. The source and
 * the kind (a source's feed or listing, or an article page) come from the job the fetch runs in.
 */
export function instrumentFetcher(fetcher: Fetcher): Fetcher {
  return {
    close: () => fetcher.close(),
    fetch: async (request) => {
      const job = currentJob();
      const labels = { source: job?.sourceId ?? "unknown", kind: job?.queue === "poll-source" ? "feed" : "page" };
      const stopTimer = fetchDuration.startTimer(labels);
      try {
        const response = await fetcher.fetch(request);
        const outcome = response.notModified ? "not-modified" : "ok";
        fetches.inc({ ...labels, outcome, status_class: statusClass(response.status) });
        bytesFetched.inc({ source: labels.source }, response.body.byteLength);
        return response;
      } catch (err) {
        const outcome = err instanceof FetchError ? err.kind : "error";
        const status = err instanceof FetchError ? err.status : undefined;
        fetches.inc({ ...labels, outcome, status_class: statusClass(status) });
        throw err;
      } finally {
        stopTimer();
      }
    },
  };
}
