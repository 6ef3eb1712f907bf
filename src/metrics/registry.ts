// Prometheus metrics of this process, served at /metrics by the web server and by a worker's metrics listener.
// Counters and histograms count what this process did; queue depths and database totals are read at scrape time
// (see src/jobs/scrape-metrics.ts), so every process reports the same values for them.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const registers = [registry];

export const articlesIngested = new Counter({
  name: "silkwire_articles_ingested_total",
  help: "New articles stored by polls in this process, per source",
  labelNames: ["source"],
  registers,
});

export const fetches = new Counter({
  name: "silkwire_fetch_requests_total",
  help: "HTTP fetches per source, outcome (ok, not-modified, or the error kind) and status class (2xx…5xx, none)",
  labelNames: ["source", "kind", "outcome", "status_class"],
  registers,
});

export const fetchDuration = new Histogram({
  name: "silkwire_fetch_duration_seconds",
  help: "Time of one fetch (redirects and body included), per source and kind (feed or page)",
  labelNames: ["source", "kind"],
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers,
});

export const bytesFetched = new Counter({
  name: "silkwire_fetch_bytes_total",
  help: "Decompressed bytes of fetched bodies, per source",
  labelNames: ["source"],
  registers,
});

export const jobDuration = new Histogram({
  name: "silkwire_job_duration_seconds",
  help: "Time a job ran in this process, per queue and outcome (completed, retry, failed)",
  labelNames: ["queue", "outcome"],
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
  registers,
});

export const jobRetries = new Counter({
  name: "silkwire_job_retries_total",
  help: "Job attempts after the first (a retry after a failure or a stalled worker), per queue",
  labelNames: ["queue"],
  registers,
});

export const curationRetries = new Counter({
  name: "silkwire_curation_retries_total",
  help: "Curation rounds run again because a parallel curation interfered, per reason (write refused: a story it read changed; concurrent curation: it may have missed one)",
  labelNames: ["reason"],
  registers,
});

export const curationsLocked = new Counter({
  name: "silkwire_curations_locked_total",
  help: "Curations that ran alone under the story lock after their optimistic rounds kept being interfered with",
  registers,
});

export const feedBuilds = new Counter({
  name: "silkwire_feed_builds_total",
  help: "Builds of the published feeds in this process, per outcome (ok, failed)",
  labelNames: ["outcome"],
  registers,
});

/** Sampled at scrape time by the collector set with `onScrape`. */
export const queueJobs = new Gauge({
  name: "silkwire_queue_jobs",
  help: "Jobs per queue and state (waiting, active, delayed, failed, prioritized), read from Redis at scrape time",
  labelNames: ["queue", "state"],
  registers,
});

export const storiesCreated = new Gauge({
  name: "silkwire_stories_created",
  help: "Story ids ever minted (stories plus ids merged into others), read from Postgres at scrape time",
  registers,
});

export const digestDeliveries = new Gauge({
  name: "silkwire_digest_deliveries",
  help: "Digest deliveries per state, read from Postgres at scrape time",
  labelNames: ["state"],
  registers,
});

type Collector = () => Promise<void>;
const collectors = new Map<string, Collector>();

/** Work that refreshes the sampled gauges before each scrape; a second one with the same key replaces the first. */
export function onScrape(key: string, collect: Collector): void {
  collectors.set(key, collect);
}

/** The text exposition; a failing collector (Redis down) leaves its gauges stale rather than failing the scrape. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  await Promise.allSettled([...collectors.values()].map((collect) => collect()));
  return { contentType: registry.contentType, body: await registry.metrics() };
}

export function statusClass(status: number | undefined): string {
  return status ? `${Math.floor(status / 100)}xx` : "none";
}
