// How long checking one new article for duplicates and story links takes, on synthetic archives of 10k and 100k
// articles (npm run bench:dedup [-- --sizes 10000,100000 --probes 50 --rounds 2]). The archive grows the way a real
// one does: the same number of articles a day, over a longer period. Each size has its own database
// (BENCH_DATABASE_URL + _SIZE), kept between runs: an archive already complete is reused, not rebuilt.
// --per-day sets the volume (default 300 a day): the same-story check looks at a window of days, and what keeps
// it bounded on a busy day is the indexed pre-filter on story keys, so the volume is worth varying.
import { randomUUID } from "node:crypto";
import { createDb, sqlOf } from "../src/store/client.ts";
import type { Db } from "../src/store/client.ts";
import { applyMigrations, ensureDatabase } from "../src/store/migrate.ts";
import { bandKeysOf, PgStoryStore } from "../src/store/story-store.ts";
import { saveFingerprints } from "../src/store/story-writes.ts";
import { StoredMembers, storedMembersOf } from "../src/curate/stored-fingerprints.ts";
import { decodeFingerprint, encodeFingerprint } from "../src/curate/fingerprint-codec.ts";
import type { StoredFingerprint } from "../src/model.ts";
import { loadTaxonomyFile } from "../src/config/taxonomy-file.ts";
import { createCurateContext } from "../src/curate/curate-context.ts";
import { fingerprintOf, storyKeysOf } from "../src/curate/article-fingerprint.ts";
import type { CurateContext } from "../src/curate/curate-context.ts";
import { clusterArticle } from "../src/curate/assign-story.ts";
import { signatureOf, lshBandHashes } from "../src/curate/minhash.ts";
import { contentHash } from "../src/curate/text-normalize.ts";
import { random, sentence, vocabulary, type SyntheticArticle } from "./synthetic-text.ts";

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/silkwire_bench_dedup";

function databaseUrlFor(size: number): string {
  const url = new URL(DATABASE_URL);
  url.pathname = `${url.pathname}_${size}`;
  return url.href;
}
let ARTICLES_PER_DAY = 300;
const BATCH = 2_000;
const DAY_MS = 86_400_000;
const START = Date.UTC(2020, 0, 1);

function syntheticArticle(rand: () => number, words: string[], index: number): SyntheticArticle {
  const paragraphs = Array.from(
    { length: 4 + Math.floor(rand() * 4) },
    () => `${sentence(rand, words, 30 + Math.floor(rand() * 20))}.`,
  );
  return {
    id: randomUUID(),
    url: `https://bench.example/${index}`,
    sourceId: `source-${index % 40}`,
    title: sentence(rand, words, 9),
    text: paragraphs.join("\n"),
    publishedAt: new Date(START + (index / ARTICLES_PER_DAY) * DAY_MS + rand() * DAY_MS),
  };
}

async function resetArchive(db: Db): Promise<void> {
  await db.$executeRawUnsafe(`TRUNCATE "Article", "Story", "Source" CASCADE`);
  await db.source.createMany({
    data: Array.from({ length: 40 }, (_, i) => ({
      id: `source-${i}`,
      name: `Source ${i}`,
      url: `https://s${i}.example/`,
      type: "feed",
    })),
  });
}

async function insertBatch(db: Db, batch: SyntheticArticle[], context: CurateContext): Promise<void> {
  const fingerprints = batch.map((a) => fingerprintOf(a, context.gazetteer));
  // Story keys are stored as a pipe-joined string per row, because unnest() would flatten a text[][].
  const keys = fingerprints.map((f) => storyKeysOf(f).join("|"));
  await db.$executeRawUnsafe(
    `INSERT INTO "Article" (id, url, "originalUrl", "canonicalKey", "sourceId", title, text, "publishedAt", "contentHash", "storyKeys", "updatedAt")
     SELECT id, url, url, url, source, title, text, published, hash, string_to_array(keys, '|'), now()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamp[], $7::text[], $8::text[])
         AS a(id, url, source, title, text, published, hash, keys)`,
    batch.map((a) => a.id),
    batch.map((a) => a.url),
    batch.map((a) => a.sourceId),
    batch.map((a) => a.title),
    batch.map((a) => a.text),
    batch.map((a) => a.publishedAt.toISOString()),
    batch.map((a) => contentHash(a.text)),
    keys,
  );
  await saveFingerprints(
    sqlOf(db),
    new Map(batch.map((a, i) => [a.id, encodeFingerprint(fingerprints[i], context.fingerprintVersion)])),
  );
  // Each article's band keys as an array literal: unnest cannot take an array of arrays of different lengths.
  const bandKeys = batch.map((a) => `{${bandKeysOf(lshBandHashes(signatureOf(a.text))).join(",")}}`);
  await db.$executeRawUnsafe(
    `UPDATE "Article" a SET "bandHashes" = k.keys::int4[] FROM unnest($1::uuid[], $2::text[]) AS k(id, keys)
      WHERE a.id = k.id`,
    batch.map((a) => a.id),
    bandKeys,
  );
}

async function storedSample(db: Db): Promise<SyntheticArticle[]> {
  const rows = await db.$queryRawUnsafe<
    Array<{ id: string; url: string; sourceId: string; title: string; text: string; publishedAt: Date }>
  >(`SELECT id::text, url, "sourceId", title, text, "publishedAt" FROM "Article" ORDER BY url LIMIT 1000`);
  return rows.map((row) => ({ ...row, publishedAt: new Date(row.publishedAt) }));
}

/** Fingerprints of an archive stored before they were (or by another version), as curation would store them. */
async function storeMissingFingerprints(db: Db, context: CurateContext): Promise<void> {
  const started = performance.now();
  let stored = 0;
  for (;;) {
    const rows = await db.$queryRawUnsafe<Array<{ id: string; title: string; text: string }>>(
      `SELECT id::text, title, text FROM "Article" WHERE "fingerprintVersion" IS DISTINCT FROM $1 LIMIT ${BATCH}`,
      context.fingerprintVersion,
    );
    if (!rows.length) break;
    const fingerprints = new Map<string, StoredFingerprint>();
    for (const row of rows)
      fingerprints.set(row.id, encodeFingerprint(fingerprintOf(row, context.gazetteer), context.fingerprintVersion));
    await saveFingerprints(sqlOf(db), fingerprints);
    stored += rows.length;
  }
  if (stored)
    console.log(`  stored ${stored} missing fingerprints in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function buildArchive(
  db: Db,
  size: number,
  words: string[],
  context: CurateContext,
): Promise<SyntheticArticle[]> {
  const complete =
    (await db.article.count()) === size && (await db.article.count({ where: { storyKeys: { isEmpty: true } } })) === 0;
  const sameVolume =
    complete &&
    (
      await db.$queryRawUnsafe<Array<{ days: number }>>(
        `SELECT (extract(epoch FROM max("publishedAt") - min("publishedAt")) / 86400)::float AS days FROM "Article"`,
      )
    )[0].days <=
      size / ARTICLES_PER_DAY + 1;
  if (complete && sameVolume) {
    console.log(`  reusing the stored archive of ${size} articles`);
    await storeMissingFingerprints(db, context);
    return storedSample(db);
  }
  await resetArchive(db);
  const rand = random(size);
  const sample: SyntheticArticle[] = [];
  const started = performance.now();
  for (let offset = 0; offset < size; offset += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, size - offset) }, (_, i) =>
      syntheticArticle(rand, words, offset + i),
    );
    await insertBatch(db, batch, context);
    sample.push(...batch.filter((_, i) => i % 97 === 0));
  }
  await db.$executeRawUnsafe(`ANALYZE "Article"`);
  console.log(`  archive of ${size} articles inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return sample;
}

// Half the probes are reprints of archived articles (a new intro, the last paragraph cut), half are new stories.
function probesFor(
  sample: SyntheticArticle[],
  words: string[],
  count: number,
  archiveSize: number,
): SyntheticArticle[] {
  const rand = random(7);
  return Array.from({ length: count }, (_, i) => {
    if (i % 2 === 1)
      return { ...syntheticArticle(rand, words, Math.floor(rand() * archiveSize)), url: `https://probe.example/${i}` };
    const original = sample[Math.floor(rand() * sample.length)];
    const paragraphs = original.text.split("\n");
    const text = [`${sentence(rand, words, 12)}.`, ...paragraphs.slice(0, -1)].join("\n");
    return { ...original, id: randomUUID(), url: `https://probe.example/${i}`, sourceId: "source-1", text };
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

interface ProbeTimes {
  lsh: number[];
  full: number[];
  linked: number;
}

/**
 * Times each probe twice, one right after the other: decoding the candidates' stored fingerprints (what curation
 * does), and computing them again from their texts (what it did before they were stored; forced here by a
 * context whose fingerprint version matches none). Side by side, so a busy machine weighs on both alike.
 */
async function timeProbes(db: Db, probes: SyntheticArticle[]): Promise<{ stored: ProbeTimes; recomputed: ProbeTimes }> {
  const context = createCurateContext(loadTaxonomyFile("config/taxonomy.yaml"));
  const recomputing = { ...context, fingerprintVersion: "none" };
  const stored: ProbeTimes = { lsh: [], full: [], linked: 0 };
  const recomputed: ProbeTimes = { lsh: [], full: [], linked: 0 };
  for (const probe of probes) {
    await timeProbe(db, probe, context, stored);
    await timeProbe(db, probe, recomputing, recomputed);
  }
  return { stored, recomputed };
}

async function timeProbe(db: Db, probe: SyntheticArticle, context: CurateContext, times: ProbeTimes): Promise<void> {
  // Nothing is cached between probes: every candidate's fingerprint is read and decoded (or computed) again.
  const rows = new PgStoryStore(sqlOf(db));
  const store = new StoredMembers(rows, context);
  const t0 = performance.now();
  const member = {
    article: { ...probe, outlet: probe.sourceId, datePrecision: "day" as const },
    fingerprint: fingerprintOf(probe, context.gazetteer),
  };
  const t1 = performance.now();
  const byBand = await rows.findByBands(member.fingerprint.bands, { limit: 50 });
  await storedMembersOf(byBand, context, (ids) => rows.loadArticles(ids));
  times.lsh.push(performance.now() - t1);
  const t2 = performance.now();
  const { story } = await clusterArticle(member, store, context);
  times.full.push(t1 - t0 + (performance.now() - t2));
  if (story.members.length > 1) times.linked++;
}

async function main(args: string[]): Promise<void> {
  const option = (name: string, fallback: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const sizes = option("--sizes", "10000,100000").split(",").map(Number);
  ARTICLES_PER_DAY = Number(option("--per-day", String(ARTICLES_PER_DAY)));
  const context = createCurateContext(loadTaxonomyFile("config/taxonomy.yaml"));
  const probeCount = Number(option("--probes", "50"));
  const rounds = Number(option("--rounds", "2"));
  const words = vocabulary(random(1), 20_000);
  const archives: Array<{ size: number; db: Db; probes: SyntheticArticle[] }> = [];
  try {
    for (const size of sizes) {
      const url = databaseUrlFor(size);
      await ensureDatabase(url);
      await applyMigrations(url);
      const db = createDb(url, 4);
      console.log(
        `archive ${size} (${ARTICLES_PER_DAY} articles a day over ${Math.round(size / ARTICLES_PER_DAY)} days)`,
      );
      archives.push({
        size,
        db,
        probes: probesFor(await buildArchive(db, size, words, context), words, probeCount, size),
      });
      await reportStoredFingerprints(db, context);
    }
    // Sizes take turns, round after round, so a busy moment on the machine does not fall on one size only.
    for (let round = 1; round <= rounds; round++) {
      for (const { size, db, probes } of archives) await reportProbes(db, probes, `round ${round}, ${size} articles`);
    }
  } finally {
    for (const { db } of archives) await db.$disconnect();
  }
}

/** Bytes per stored fingerprint and the time to decode one (a window check decodes up to ~100 and more). */
async function reportStoredFingerprints(db: Db, context: CurateContext): Promise<void> {
  const rows = await db.$queryRawUnsafe<Array<{ fingerprint: string; text: number }>>(
    `SELECT fingerprint, octet_length(text) AS text FROM "Article" ORDER BY url LIMIT 1000`,
  );
  const bytes = rows.map((r) => Buffer.byteLength(r.fingerprint));
  const version = context.fingerprintVersion;
  const decodeAll = (withVocabulary: boolean) => {
    const t0 = performance.now();
    for (const row of rows) {
      const fingerprint = decodeFingerprint({ version, data: row.fingerprint }, version);
      if (!fingerprint) throw new Error("a stored fingerprint did not decode");
      if (withVocabulary) void fingerprint.vocabulary.has("astana");
    }
    return (performance.now() - t0) / rows.length;
  };
  decodeAll(true); // warm up
  const decode = Math.min(decodeAll(false), decodeAll(false));
  const withVocabulary = Math.min(decodeAll(true), decodeAll(true));
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  console.log(
    `  stored fingerprint: mean ${Math.round(mean(bytes))} bytes (text ${Math.round(mean(rows.map((r) => Number(r.text))))} bytes); ` +
      `decode ${(decode * 1000).toFixed(0)} µs, with one vocabulary lookup ${(withVocabulary * 1000).toFixed(0)} µs`,
  );
}

async function reportProbes(db: Db, probes: SyntheticArticle[], label: string): Promise<void> {
  await timeProbes(db, probes.slice(0, 5));
  const { stored, recomputed } = await timeProbes(db, probes);
  const line = ({ lsh, full, linked }: ProbeTimes) =>
    `LSH lookup median ${percentile(lsh, 0.5).toFixed(2)} ms (p90 ${percentile(lsh, 0.9).toFixed(2)}); ` +
    `full check median ${percentile(full, 0.5).toFixed(1)} ms (p90 ${percentile(full, 0.9).toFixed(1)}); ${linked}/${probes.length} linked`;
  console.log(`${label} (${probes.length / 2} of the probes are reprints):`);
  console.log(`  stored fingerprints decoded:  ${line(stored)}`);
  console.log(`  fingerprints recomputed:      ${line(recomputed)}`);
}

await main(process.argv.slice(2));
