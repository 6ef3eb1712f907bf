import { parseArgs } from "node:util";
import { openRuntime } from "../runtime.ts";
import { statusReport, type StatusReport } from "../jobs/status-report.ts";
import { oneLine, table } from "./text-table.ts";

/** `silkwire status [--json]`: sources' health, queues, failed jobs and articles, last feed build and digest. */
export async function runStatusCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: "boolean", default: false } } });
  const runtime = await openRuntime();
  try {
    const report = await statusReport(runtime.db, runtime.queues, runtime.config.sources);
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderStatus(report));
    return 0;
  } finally {
    await runtime.close();
  }
}

export function renderStatus(report: StatusReport): string {
  const now = report.generatedAt;
  const sources = table(
    ["source", "state", "last success", "failures", "next poll", "why"],
    report.sources.map((s) => [
      s.id,
      s.state,
      when(s.lastSuccessAt, now),
      String(s.consecutiveFailures),
      when(s.nextPollAt, now),
      s.pausedReason ?? (s.consecutiveFailures ? (s.lastError ?? "") : ""),
    ]),
  );
  const queues = table(
    ["queue", "waiting", "active", "delayed", "failed"],
    report.queues.map((q) => [q.queue, ...[q.waiting, q.active, q.delayed, q.failed].map(String)]),
  );
  const failed = report.failedJobs.length
    ? table(
        ["queue", "job", "for", "attempts", "failed", "reason"],
        report.failedJobs.map((j) => [
          j.queue,
          j.jobId,
          j.subject,
          String(j.attempts),
          when(j.failedAt, now),
          j.reason,
        ]),
      )
    : "none\n";
  return [
    `sources (${report.sources.length})\n${sources}`,
    `queues\n${queues}`,
    `recent failed jobs\n${failed}`,
    describeFailedArticles(report, now),
    `last feed build: ${describeFeedBuild(report, now)}\n`,
    `last digest: ${describeDigest(report, now)}\n`,
  ].join("\n");
}

/** The articles given up on: their count, and the most recent with why (on one line each). */
function describeFailedArticles(report: StatusReport, now: Date): string {
  const { total, recent } = report.failedArticles;
  if (!total) return "failed articles: none\n";
  const rows = recent.map((a) => [a.sourceId, a.url, when(a.failedAt, now), oneLine(a.reason)]);
  const more = total > recent.length ? `… and ${total - recent.length} more\n` : "";
  const fix = "once the cause is fixed, `silkwire retry-failed` hands them back\n";
  return `failed articles (${total})\n${table(["source", "article", "failed", "reason"], rows)}${more}${fix}`;
}

function describeFeedBuild(report: StatusReport, now: Date): string {
  const build = report.lastFeedBuild;
  if (!build) return "never";
  const ms = build.finishedAt.getTime() - build.startedAt.getTime();
  const what = build.error
    ? `FAILED: ${build.error}`
    : `${build.feeds} feeds, ${build.filesWritten} files written, ${build.filesUnchanged} unchanged`;
  return `${when(build.finishedAt, now)} (${build.trigger}, ${ms} ms): ${what}`;
}

function describeDigest(report: StatusReport, now: Date): string {
  const digest = report.lastDigest;
  if (!digest) return "never built";
  const order = ["sent", "pending", "sending", "uncertain", "failed", "suppressed"];
  const deliveries = order.flatMap((state) =>
    digest.deliveries[state] ? [`${digest.deliveries[state]} ${state}`] : [],
  );
  const sent = digest.lastSentAt ? `, last sent ${when(digest.lastSentAt, now)}` : "";
  return (
    `${digest.week}, built ${when(digest.builtAt, now)}, ${digest.storyCount} stories: ` +
    `${deliveries.join(", ") || "no deliveries yet"}${sent}`
  );
}

/** "2026-12-01 03:20Z (5m ago)" or "(in 12m)"; "-" for none. */
function when(date: Date | null, now: Date): string {
  if (!date) return "-";
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const span = Math.abs(seconds);
  const amount =
    span < 90
      ? `${span}s`
      : span < 5400
        ? `${Math.round(span / 60)}m`
        : span < 172_800
          ? `${Math.round(span / 3600)}h`
          : `${Math.round(span / 86_400)}d`;
  return `${date.toISOString().slice(0, 16).replace("T", " ")}Z (${seconds < 0 ? `${amount} ago` : `in ${amount}`})`;
}
