// Wires the scheduled digest into `silkwire start` and `silkwire worker`: the schedule follows subscribers.yaml,
// and the job sends the week that just ended. Without SMTP_URL and SILKWIRE_DIGEST_SECRET nothing is scheduled.
import type { Worker } from "bullmq";
import { parseIsoWeek, previousWeek, formatIsoWeek } from "../digest/week.ts";
import { removeDigestSchedule, startDigestWorker, syncDigestSchedule } from "../jobs/digest-schedule.ts";
import type { Runtime } from "../runtime.ts";
import { databaseUrl } from "../store/database-url.ts";
import { taxonomyPath } from "../config/paths.ts";

// The mail and template libraries (nodemailer, juice, mustache) cost a worker tens of MB: loaded when a digest is
// scheduled or sent, not by every worker that only waits for the weekly job.
const weeklyDigest = () => import("../mail/weekly-digest.ts");

export async function syncDigestJob(runtime: Runtime, log: (line: string) => void): Promise<void> {
  const { digestEnvironment, loadDigestContext } = await weeklyDigest();
  const { smtpUrl, secret } = digestEnvironment();
  if (!smtpUrl || !secret) {
    await removeDigestSchedule(runtime.queues);
    return log("weekly digest not scheduled: set SMTP_URL and SILKWIRE_DIGEST_SECRET to send it");
  }
  const { digest } = loadDigestContext(runtime.db, databaseUrl(), taxonomyPath()).config;
  await syncDigestSchedule(runtime.queues, { pattern: digest.schedule, timeZone: digest.timeZone });
  log(`weekly digest scheduled: "${digest.schedule}" in ${digest.timeZone}`);
}

export function startDigestJobWorker(runtime: Runtime, log: (line: string) => void): Worker {
  return startDigestWorker(
    async (weekLabel) => {
      const { loadDigestContext, sendWeek } = await weeklyDigest();
      // Read the config at run time, so an edited subscribers.yaml counts without a restart.
      const ctx = loadDigestContext(runtime.db, databaseUrl(), taxonomyPath());
      const week = weekLabel ? parseIsoWeek(weekLabel) : previousWeek(new Date(), ctx.config.digest.timeZone);
      const summary = await sendWeek(ctx, week, { log: (line) => log(`digest: ${line}`) });
      const line = `digest ${formatIsoWeek(week)}: ${JSON.stringify(summary.counts)}, uncertain: ${summary.uncertain.length}`;
      log(line);
      return line;
    },
    runtime.connection,
    runtime.settings,
  );
}
