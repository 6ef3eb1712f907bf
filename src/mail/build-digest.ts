// Building a week's digest: the store gives stories and numbers, src/digest ranks and renders, the store keeps
// the result. Once any message of a digest was sent its data is frozen, so later sends and the archive show
// what subscribers received.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Taxonomy } from "../config/taxonomy.ts";
import { buildDigestContent } from "../digest/content.ts";
import { archiveLinks, archivePath, type SiteLinks } from "../digest/links.ts";
import { renderDigest } from "../digest/render.ts";
import { reviveDigestInput, type DigestInput } from "../digest/types.ts";
import type { WeekRange } from "../digest/week.ts";
import type { Db } from "../store/client.ts";
import {
  findDigest,
  hasDeliveries,
  loadWeekNumbers,
  loadWeekStories,
  saveDigest,
  type StoredDigest,
} from "../store/digest-store.ts";

const TOPIC_LABELS: Record<string, string> = {
  trade_economy: "Trade and economy",
  transport_infrastructure: "Transport and infrastructure",
  culture_people: "Culture and people",
  technology_digital: "Technology and digital",
  finance_investment: "Finance and investment",
};

export function taxonomyNames(taxonomy: Taxonomy): Pick<DigestInput, "topicNames" | "countryNames"> {
  const humanize = (id: string) => id.charAt(0).toUpperCase() + id.slice(1).replace(/_/g, " ");
  return {
    topicNames: Object.fromEntries(taxonomy.topics.map((t) => [t.id, TOPIC_LABELS[t.id] ?? humanize(t.id)])),
    // China is in nearly every story; a line per Central Asian (and other) country says more.
    countryNames: Object.fromEntries(taxonomy.countries.filter((c) => c.role !== "china").map((c) => [c.code, c.name])),
  };
}

/** A stored digest with the data it was rendered from. */
export type Digest = StoredDigest<DigestInput>;

export function loadDigest(db: Db, week: string): Promise<Digest | undefined> {
  return findDigest(db, week, reviveDigestInput);
}

export interface BuildResult {
  digest: Digest;
  /** False when the stored digest was kept because messages of it were already sent. */
  rebuilt: boolean;
}

export async function buildWeekDigest(
  db: Db,
  week: WeekRange,
  names: Pick<DigestInput, "topicNames" | "countryNames">,
  site: SiteLinks,
): Promise<BuildResult> {
  const existing = await loadDigest(db, week.label);
  if (existing && (await hasDeliveries(db, existing.id))) return { digest: existing, rebuilt: false };
  const stories = await loadWeekStories(db, week);
  const input: DigestInput = { week, stories, numbers: await loadWeekNumbers(db, week, stories.length), ...names };
  const content = buildDigestContent(input);
  const rendered = renderDigest(content, archiveLinks(site));
  const { label, start, end } = week;
  const { html, text } = rendered;
  const digest = await saveDigest(
    db,
    { week: label, start, end, input, html, text, storyCount: content.storyCount },
    reviveDigestInput,
  );
  return { digest, rebuilt: true };
}

/** Written atomically (write, then rename) so a static server never serves half a file. */
export function writeDigestFiles(publicDir: string, digest: Digest): { html: string; text: string } {
  const html = path.join(publicDir, archivePath(digest.week));
  const text = html.replace(/\.html$/, ".txt");
  mkdirSync(path.dirname(html), { recursive: true });
  for (const [file, body] of [
    [html, digest.html],
    [text, digest.text],
  ]) {
    writeFileSync(`${file}.tmp-${process.pid}`, body);
    renameSync(`${file}.tmp-${process.pid}`, file);
  }
  return { html, text };
}
