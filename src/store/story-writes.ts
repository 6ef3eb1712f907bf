// Writes of the story stage: an article's classification, its LSH rows, and the story it belongs to, in one
// transaction under the story lock. Reading candidates is story-store.ts.
import { randomUUID } from "node:crypto";
import type { Db } from "./client.ts";
import type { Classification } from "../model.ts";
import { classifyArticle } from "../curate/classify-article.ts";
import { storyKeysOf } from "../curate/article-fingerprint.ts";
import type { Fingerprint } from "../curate/article-fingerprint.ts";
import { clusterArticle } from "../curate/assign-story.ts";
import type { StoryAssignment } from "../curate/story-cluster.ts";
import { survivingStory, type MintedStory } from "../curate/story-identity.ts";
import type { CurateContext } from "../curate/curate-context.ts";
import {
  ARTICLE_FIELDS,
  PgStoryStore,
  STORY_LOCK_KEY,
  articleText,
  storyIdOf,
  type ArticleRow,
  type DbClient,
} from "./story-store.ts";

/** Replaces an article's LSH rows; unchanged rows are left untouched. */
export async function saveLshBands(db: DbClient, articleId: string, bands: bigint[]): Promise<void> {
  await db.$executeRawUnsafe(
    `INSERT INTO "LshBand" ("articleId", band, hash)
       SELECT $1::uuid, q.band, q.hash FROM unnest($2::int[], $3::bigint[]) AS q(band, hash)
     ON CONFLICT ("articleId", band) DO UPDATE SET hash = EXCLUDED.hash WHERE "LshBand".hash <> EXCLUDED.hash`,
    articleId,
    bands.map((_, band) => band),
    bands.map((hash) => hash.toString()),
  );
  await db.lshBand.deleteMany({ where: { articleId, band: { gte: bands.length } } });
}

// jsonb stores object keys in its own order, so stored and fresh evidence are compared with keys sorted.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

async function saveClassification(
  db: DbClient,
  row: ArticleRow,
  c: Classification,
  fingerprint: Fingerprint,
): Promise<void> {
  const { contentHash } = fingerprint;
  const storyKeys = storyKeysOf(fingerprint);
  const same =
    row.contentHash === contentHash &&
    row.relevant === c.relevant &&
    row.relevance === c.relevance &&
    row.storyKeys.join("\u0000") === storyKeys.join("\u0000") &&
    canonicalJson([row.topics, row.countries, row.entities, row.evidence]) ===
      canonicalJson([c.topics, c.countries, c.entities, c.evidence]);
  if (same && row.classifiedAt) return;
  await db.article.update({
    where: { id: row.id },
    data: {
      contentHash,
      storyKeys,
      relevant: c.relevant,
      relevance: c.relevance,
      topics: c.topics,
      countries: c.countries,
      entities: c.entities,
      evidence: c.evidence,
      classifiedAt: new Date(),
    },
  });
}

function storyFields(a: StoryAssignment) {
  const seen = a.firstSeenAt ?? new Date(0);
  return {
    title: a.title,
    representativeArticleId: a.representativeId,
    firstSeenAt: seen,
    lastSeenAt: a.lastSeenAt ?? seen,
    articleCount: a.articleCount,
    outletCount: a.outletCount,
    relevant: a.relevant,
    relevance: a.relevance,
    topics: a.topics,
    countries: a.countries,
  };
}

async function upsertStory(db: DbClient, assignment: StoryAssignment, story: StoryIdentity): Promise<void> {
  const fields = storyFields(assignment);
  const existing = await db.story.findUnique({ where: { id: story.id } });
  if (!existing) {
    await db.story.create({ data: { id: story.id, key: story.key, ...fields } });
    return;
  }
  const current = Object.fromEntries(Object.keys(fields).map((k) => [k, existing[k as keyof typeof existing]]));
  if (JSON.stringify(current) !== JSON.stringify(fields))
    await db.story.update({ where: { id: story.id }, data: fields });
}

interface StoryIdentity {
  id: string;
  key: string;
}

/**
 * The id the assignment's story keeps: the earliest minted of its members' stories, or a new one minted from the
 * assignment's key. A key whose id is already taken (a story or an alias of an article since deleted) gets a
 * random suffix: an id is never given to a second story.
 */
async function storyIdentityOf(
  db: DbClient,
  assignment: StoryAssignment,
  current: Array<MintedStory & StoryIdentity>,
): Promise<StoryIdentity> {
  const survivor = survivingStory(current);
  if (survivor) return { id: survivor.id, key: survivor.key };
  const id = storyIdOf(assignment.key);
  const taken = (await db.story.count({ where: { id } })) + (await db.storyAlias.count({ where: { id } }));
  if (!taken) return { id, key: assignment.key };
  const key = `${assignment.key}-${randomUUID()}`;
  return { id: storyIdOf(key), key };
}

/** Absorbed stories become aliases of the survivor (and so do their own aliases), then go. */
async function absorbStories(db: DbClient, absorbed: string[], survivorId: string): Promise<void> {
  if (!absorbed.length) return;
  await db.storyAlias.updateMany({ where: { mergedInto: { in: absorbed } }, data: { mergedInto: survivorId } });
  await db.storyAlias.createMany({
    data: absorbed.map((id) => ({ id, mergedInto: survivorId })),
    skipDuplicates: true,
  });
  await db.story.deleteMany({ where: { id: { in: absorbed }, articles: { none: {} } } });
}

/**
 * Writes a story and points its members at it. The story keeps the id of the earliest minted story among its
 * members' (a new id is minted only when none has one); stories absorbed by a merge become aliases of it.
 * Re-running is a no-op.
 */
export async function saveStoryAssignment(db: DbClient, assignment: StoryAssignment): Promise<string> {
  const ids = assignment.members.map((m) => m.id);
  const current = await db.story.findMany({
    where: { articles: { some: { id: { in: ids } } } },
    select: { id: true, key: true, createdAt: true },
  });
  const story = await storyIdentityOf(db, assignment, current);
  await upsertStory(db, assignment, story);
  await db.$executeRawUnsafe(
    `UPDATE "Article" a SET "storyId" = $1::uuid, "duplicateOfId" = m.dup
       FROM unnest($2::uuid[], $3::uuid[]) AS m(id, dup)
      WHERE a.id = m.id AND (a."storyId" IS DISTINCT FROM $1::uuid OR a."duplicateOfId" IS DISTINCT FROM m.dup)`,
    story.id,
    ids,
    assignment.members.map((m) => m.duplicateOfId),
  );
  await absorbStories(
    db,
    current.flatMap((s) => (s.id === story.id ? [] : [s.id])),
    story.id,
  );
  return story.id;
}

/** The current id of a story from any id it ever had (its own, or one a merge absorbed); undefined if unknown. */
export async function resolveStoryId(db: DbClient, id: string): Promise<string | undefined> {
  const story = await db.story.findUnique({ where: { id }, select: { id: true } });
  if (story) return story.id;
  return (await db.storyAlias.findUnique({ where: { id }, select: { mergedInto: true } }))?.mergedInto;
}

/**
 * Classifies a stored article, indexes its LSH bands and puts it into its story (creating, extending or merging
 * stories). Idempotent: a second run for the same article writes nothing. Returns undefined for an unknown id.
 */
export async function assignArticleToStory(
  db: Db,
  articleId: string,
  context: CurateContext,
): Promise<StoryAssignment | undefined> {
  const row = await db.article.findUnique({ where: { id: articleId }, select: ARTICLE_FIELDS });
  if (!row) return undefined;
  const text = articleText(row);
  const classification = classifyArticle(
    { title: row.title, text, url: row.url, publishedAt: row.publishedAt ?? undefined },
    context.classifier,
  );
  return db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${STORY_LOCK_KEY})`);
      const store = new PgStoryStore(tx, context.gazetteer);
      const member = store.memberOf(row, classification);
      await saveClassification(tx, row, classification, member.fingerprint);
      await saveLshBands(tx, articleId, member.fingerprint.bands);
      const assignment = await clusterArticle(member, store, context);
      await saveStoryAssignment(tx, assignment);
      return assignment;
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
}

export interface ReclassifyOptions {
  /** Only articles published (or, undated, fetched) at or after this time. */
  since?: Date;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

/**
 * Runs every article (or those since a date) through classification and story assignment again, for use after a
 * taxonomy change. Stories only grow or merge here: a link the new taxonomy no longer makes does not split one.
 */
export async function reclassifyArticles(
  db: Db,
  context: CurateContext,
  options: ReclassifyOptions = {},
): Promise<number> {
  const where = options.since
    ? { OR: [{ publishedAt: { gte: options.since } }, { publishedAt: null, fetchedAt: { gte: options.since } }] }
    : {};
  const total = await db.article.count({ where });
  const batchSize = options.batchSize ?? 200;
  let done = 0;
  let cursor: string | undefined;
  for (;;) {
    const batch = await db.article.findMany({
      where: cursor ? { AND: [where, { id: { gt: cursor } }] } : where,
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true },
    });
    if (!batch.length) return done;
    for (const { id } of batch) await assignArticleToStory(db, id, context);
    done += batch.length;
    cursor = batch[batch.length - 1].id;
    await options.onProgress?.(done, total);
  }
}
