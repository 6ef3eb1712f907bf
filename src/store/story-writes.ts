// Writes of the story stage: an article's classification, its LSH rows, and the story it belongs to. Each tells
// whether it changed anything, so a curation that changed nothing leaves no mark for concurrent ones to react to
// (curation-store.ts). Reading candidates is story-store.ts. What to write is decided in src/curate.
import { randomUUID } from "node:crypto";
import type { ArticleIndex, Classification, StoredFingerprint, StoryAssignment } from "../model.ts";
import { survivingStory, type MintedStory } from "./story-identity.ts";
import { ARTICLE_FIELDS, storyIdOf, type DbClient } from "./story-store.ts";

/** Replaces an article's LSH rows; unchanged rows are left untouched. True when a row changed. */
export async function saveLshBands(db: DbClient, articleId: string, bands: bigint[]): Promise<boolean> {
  const written = await db.$executeRawUnsafe(
    `INSERT INTO "LshBand" ("articleId", band, hash)
       SELECT $1::uuid, q.band, q.hash FROM unnest($2::int[], $3::bigint[]) AS q(band, hash)
     ON CONFLICT ("articleId", band) DO UPDATE SET hash = EXCLUDED.hash WHERE "LshBand".hash <> EXCLUDED.hash`,
    articleId,
    bands.map((_, band) => band),
    bands.map((hash) => hash.toString()),
  );
  const removed = await db.lshBand.deleteMany({ where: { articleId, band: { gte: bands.length } } });
  return written + removed.count > 0;
}

// jsonb stores object keys in its own order, so stored and fresh evidence are compared with keys sorted.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** Stores the article's classification and index; true when it changed. */
export async function saveClassification(
  db: DbClient,
  articleId: string,
  c: Classification,
  index: ArticleIndex,
): Promise<boolean> {
  const { contentHash, storyKeys, fingerprint } = index;
  const row = await db.article.findUnique({ where: { id: articleId }, select: ARTICLE_FIELDS });
  if (!row) return false;
  const same =
    row.contentHash === contentHash &&
    row.relevant === c.relevant &&
    row.relevance === c.relevance &&
    row.storyKeys.join("\u0000") === storyKeys.join("\u0000") &&
    row.fingerprintVersion === fingerprint.version &&
    row.fingerprint === fingerprint.data &&
    canonicalJson([row.topics, row.countries, row.entities, row.evidence]) ===
      canonicalJson([c.topics, c.countries, c.entities, c.evidence]);
  if (same && row.classifiedAt) return false;
  await db.article.update({
    where: { id: row.id },
    data: {
      contentHash,
      storyKeys,
      fingerprint: fingerprint.data,
      fingerprintVersion: fingerprint.version,
      relevant: c.relevant,
      relevance: c.relevance,
      topics: c.topics,
      countries: c.countries,
      entities: c.entities,
      evidence: c.evidence,
      classifiedAt: new Date(),
    },
  });
  return true;
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

async function upsertStory(db: DbClient, assignment: StoryAssignment, story: StoryIdentity): Promise<boolean> {
  const fields = storyFields(assignment);
  const existing = await db.story.findUnique({ where: { id: story.id } });
  if (!existing) {
    await db.story.create({ data: { id: story.id, key: story.key, ...fields } });
    return true;
  }
  const current = Object.fromEntries(Object.keys(fields).map((k) => [k, existing[k as keyof typeof existing]]));
  if (JSON.stringify(current) === JSON.stringify(fields)) return false;
  await db.story.update({ where: { id: story.id }, data: fields });
  return true;
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

/** Stories left without members become aliases of the survivor (and so do their own aliases), then go; a story
 * that kept members (the other part of a split) stays as it is. */
async function absorbStories(db: DbClient, left: string[], survivorId: string): Promise<boolean> {
  if (!left.length) return false;
  const emptied = await db.story.findMany({
    where: { id: { in: left }, articles: { none: {} } },
    select: { id: true },
  });
  const absorbed = emptied.map((s) => s.id);
  if (!absorbed.length) return false;
  await db.storyAlias.updateMany({ where: { mergedInto: { in: absorbed } }, data: { mergedInto: survivorId } });
  await db.storyAlias.createMany({
    data: absorbed.map((id) => ({ id, mergedInto: survivorId })),
    skipDuplicates: true,
  });
  await db.story.deleteMany({ where: { id: { in: absorbed } } });
  return true;
}

/**
 * The stories this assignment may take its id from: those of its members' stories whose oldest member (earliest
 * published, then smallest URL) is in it. When a story splits, the part keeping the oldest member keeps the id and
 * the other part gets a new one; when stories join, every one of them qualifies and the earliest minted wins.
 */
async function inheritableStories(db: DbClient, memberIds: string[]): Promise<Array<MintedStory & StoryIdentity>> {
  return db.$queryRawUnsafe<Array<MintedStory & StoryIdentity>>(
    `SELECT s.id::text AS id, s.key, s."createdAt"
       FROM "Story" s
       JOIN LATERAL (SELECT a.id FROM "Article" a WHERE a."storyId" = s.id
                      ORDER BY COALESCE(a."publishedAt", a."fetchedAt"), a.url LIMIT 1) oldest ON true
      WHERE s.id IN (SELECT "storyId" FROM "Article" WHERE id = ANY($1::uuid[]) AND "storyId" IS NOT NULL)
        AND oldest.id = ANY($1::uuid[])`,
    memberIds,
  );
}

/**
 * Writes a story and points its members at it. The story keeps the id of the earliest minted story it may inherit
 * from (inheritableStories; a new id is minted when there is none); stories left without members become aliases
 * of it. Re-running is a no-op.
 */
export async function saveStoryAssignment(db: DbClient, assignment: StoryAssignment): Promise<string> {
  return (await writeStoryAssignment(db, assignment)).id;
}

/** saveStoryAssignment, telling whether the story or its members' rows changed. */
export async function writeStoryAssignment(
  db: DbClient,
  assignment: StoryAssignment,
): Promise<{ id: string; changed: boolean }> {
  const ids = assignment.members.map((m) => m.id);
  const before = await db.story.findMany({
    where: { articles: { some: { id: { in: ids } } } },
    select: { id: true },
  });
  const story = await storyIdentityOf(db, assignment, await inheritableStories(db, ids));
  const upserted = await upsertStory(db, assignment, story);
  const moved = await db.$executeRawUnsafe(
    `UPDATE "Article" a SET "storyId" = $1::uuid, "duplicateOfId" = m.dup
       FROM unnest($2::uuid[], $3::uuid[]) AS m(id, dup)
      WHERE a.id = m.id AND (a."storyId" IS DISTINCT FROM $1::uuid OR a."duplicateOfId" IS DISTINCT FROM m.dup)`,
    story.id,
    ids,
    assignment.members.map((m) => m.duplicateOfId),
  );
  const absorbed = await absorbStories(
    db,
    before.flatMap((s) => (s.id === story.id ? [] : [s.id])),
    story.id,
  );
  return { id: story.id, changed: upserted || moved > 0 || absorbed };
}

/** The current id of a story from any id it ever had (its own, or one a merge absorbed); undefined if unknown. */
export async function resolveStoryId(db: DbClient, id: string): Promise<string | undefined> {
  const story = await db.story.findUnique({ where: { id }, select: { id: true } });
  if (story) return story.id;
  return (await db.storyAlias.findUnique({ where: { id }, select: { mergedInto: true } }))?.mergedInto;
}

/** Stores fingerprints computed again for stale candidates; the article's own index is saveClassification's. */
export async function saveFingerprints(db: DbClient, fingerprints: Map<string, StoredFingerprint>): Promise<void> {
  if (!fingerprints.size) return;
  const entries = [...fingerprints];
  await db.$executeRawUnsafe(
    `UPDATE "Article" a SET fingerprint = f.data, "fingerprintVersion" = f.version
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS f(id, data, version)
      WHERE a.id = f.id AND a."fingerprintVersion" IS DISTINCT FROM f.version`,
    entries.map(([id]) => id),
    entries.map(([, f]) => f.data),
    entries.map(([, f]) => f.version),
  );
}
