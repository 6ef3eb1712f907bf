// `silkwire digest build|send|status`: the weekly digest by hand. The scheduled job runs the same code.
import { parseArgs } from "node:util";
import { checkPostgres } from "../runtime.ts";
import { createDb } from "../store/client.ts";
import { databaseUrl } from "../store/database-url.ts";
import { normalizeEmail } from "../config/email-address.ts";
import { parseIsoWeek, previousWeek, formatIsoWeek, WeekFormatError, type IsoWeek } from "../digest/week.ts";
import {
  loadDigestContext,
  prepareWeek,
  sendWeek,
  DigestSetupError,
  type DigestContext,
} from "../mail/weekly-digest.ts";
import { recipientsOf } from "../mail/send-digest.ts";
import { SenderBusyError } from "../store/digest-deliveries.ts";
import { deliveryReport } from "../store/digest-deliveries.ts";
import { taxonomyPath } from "../config/paths.ts";

const USAGE = "usage: silkwire digest build|send|status [--week 2025-W25] [--dry-run] [--to ADDRESS]";

export async function runDigestCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { week: { type: "string" }, "dry-run": { type: "boolean" }, to: { type: "string" } },
  });
  const action = positionals[0];
  if (!["build", "send", "status"].includes(action)) return fail(USAGE);
  const db = createDb(databaseUrl(), 2);
  await checkPostgres(db, databaseUrl());
  try {
    const ctx = loadDigestContext(db, databaseUrl(), taxonomyPath());
    const week = values.week ? parseIsoWeek(values.week) : previousWeek(new Date(), ctx.config.digest.timeZone);
    if (action === "build") return await build(ctx, week);
    if (action === "status") return await status(ctx, week);
    const only = values.to ? normalizeEmail(values.to) : undefined;
    return values["dry-run"] ? await dryRun(ctx, week, only) : await send(ctx, week, only);
  } catch (err) {
    if (err instanceof WeekFormatError || err instanceof DigestSetupError || err instanceof SenderBusyError)
      return fail(err.message);
    throw err;
  } finally {
    await db.$disconnect();
  }
}

async function build(ctx: DigestContext, week: IsoWeek): Promise<number> {
  const { digest, rebuilt, files } = await prepareWeek(ctx, week);
  const kb = (Buffer.byteLength(digest.html) / 1024).toFixed(1);
  process.stderr.write(
    `${digest.week}: ${digest.storyCount} stories, HTML ${kb} KB${rebuilt ? "" : " (kept: messages of it were already sent)"}\n`,
  );
  process.stdout.write(`${files.html}\n${files.text}\n`);
  return 0;
}

async function dryRun(ctx: DigestContext, week: IsoWeek, only?: string): Promise<number> {
  const { digest } = await prepareWeek(ctx, week);
  const { recipients, empty } = await recipientsOf(ctx.db, digest, only);
  for (const r of recipients)
    process.stdout.write(`would send to ${r.subscriber.email}: ${r.content.storyCount} stories\n`);
  for (const email of empty) process.stdout.write(`would skip ${email}: nothing for them this week\n`);
  process.stderr.write(`${digest.week}: dry run, ${recipients.length} recipient(s), nothing sent\n`);
  return only && !recipients.length && !empty.length ? fail(`${only} is not an active subscriber`) : 0;
}

async function send(ctx: DigestContext, week: IsoWeek, only?: string): Promise<number> {
  const summary = await sendWeek(ctx, week, {
    only,
    log: (line) => process.stderr.write(`${line}\n`),
    onProgress: printProgress(),
  });
  const counts = Object.entries(summary.counts).map(([state, n]) => `${n} ${state}`);
  process.stdout.write(`${formatIsoWeek(week)}: ${counts.join(", ") || "no deliveries"}\n`);
  for (const email of summary.uncertain)
    process.stdout.write(`uncertain: ${email} (may have been delivered; not resent — check the mail server's log)\n`);
  for (const { email, error } of summary.failed) process.stdout.write(`failed: ${email}: ${error}\n`);
  if (summary.empty.length) process.stdout.write(`skipped (nothing for them): ${summary.empty.join(", ")}\n`);
  return summary.failed.length || summary.uncertain.length ? 1 : 0;
}

/** Messages settled so far, on stderr (stdout keeps the summary): a rewritten line in a terminal, else a line
 * every few seconds and the last one. */
function printProgress(): (done: number, total: number) => void {
  const interactive = process.stderr.isTTY;
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - last < (interactive ? 200 : 2000)) return;
    last = now;
    const line = `sending: ${done}/${total} messages`;
    process.stderr.write(interactive ? `\r${line}${done === total ? "\n" : ""}` : `${line}\n`);
  };
}

async function status(ctx: DigestContext, week: IsoWeek): Promise<number> {
  const digest = await ctx.db.digest.findUnique({ where: { week: formatIsoWeek(week) }, select: { id: true } });
  if (!digest) return fail(`no digest for ${formatIsoWeek(week)} yet (run digest build)`);
  for (const row of await deliveryReport(ctx.db, digest.id))
    process.stdout.write(
      `${row.state.padEnd(10)} ${row.subscriber.email} attempts=${row.attempts}${row.lastError ? ` ${row.lastError}` : ""}\n`,
    );
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`silkwire digest: ${message}\n`);
  return 2;
}
