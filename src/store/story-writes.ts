// Writes of the story stage: an article's classification, its LSH rows, and the story it belongs to, in one
// transaction under the story lock. Reading candidates is story-store.ts. What to write is decided in src/curate.
import { randomUUID } from "node:crypto";
import type { Db } from "./client.ts";
import { markCurated } from "./articles-store.ts";
import type { ArticleIndex, Classification, StoredFingerprint, StoredStoryArticle, StoryAssignment } from "../model.ts";
import { survivingStory, type MintedStory } from "./story-identity.ts";
import { ARTICLE_FIELDS, PgStoryStore, STORY_LOCK_KEY, storedOf, storyIdOf, type DbClient } from "./story-store.ts";

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

async function saveClassification(db: DbClient, articleId: string, c: Classification, index: ArticleIndex) {
  const { contentHash, storyKeys, fingerprint } = index;
  const row = await db.article.findUnique({ where: { id: articleId }, select: ARTICLE_FIELDS });
  if (!row) return;
  const same =
    row.contentHash === contentHash &&
    row.relevant === c.relevant &&
    row.relevance === c.relevance &&
    row.storyKeys.join("\u0000") === storyKeys.join("\u0000") &&
    row.fingerprintVersion === fingerprint.version &&
    row.fingerprint !== null &&
    Buffer.compare(row.fingerprint, fingerprint.data) === 0 &&
    canonicalJson([row.topics, row.countries, row.entities, row.evidence]) ===
      canonicalJson([c.topics, c.countries, c.entities, c.evidence]);
  if (same && row.classifiedAt) return;
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

/** Stories left without members become aliases of the survivor (and so do their own aliases), then go; a story
 * that kept members (the other part of a split) stays as it is. */
async function absorbStories(db: DbClient, left: string[], survivorId: string): Promise<void> {
  if (!left.length) return;
  const emptied = await db.story.findMany({
    where: { id: { in: left }, articles: { none: {} } },
    select: { id: true },
  });
  const absorbed = emptied.map((s) => s.id);
  if (!absorbed.length) return;
  await db.storyAlias.updateMany({ where: { mergedInto: { in: absorbed } }, data: { mergedInto: survivorId } });
  await db.storyAlias.createMany({
    data: absorbed.map((id) => ({ id, mergedInto: survivorId })),
    skipDuplicates: true,
  });
  await db.story.deleteMany({ where: { id: { in: absorbed } } });
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
  const ids = assignment.members.map((m) => m.id);
  const before = await db.story.findMany({
    where: { articles: { some: { id: { in: ids } } } },
    select: { id: true },
  });
  const story = await storyIdentityOf(db, assignment, await inheritableStories(db, ids));
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
    before.flatMap((s) => (s.id === story.id ? [] : [s.id])),
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

/** The curate store (src/curate/curate-store.ts, CurateStore) over Postgres. */
export class PgCurateStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  async loadArticle(articleId: string): Promise<StoredStoryArticle | undefined> {
    const row = await this.db.article.findUnique({ where: { id: articleId }, select: ARTICLE_FIELDS });
    return row ? storedOf(row) : undefined;
  }

  async underStoryLock<T>(work: (tx: PgCurationTransaction) => Promise<T>): Promise<T> {
    return this.db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${STORY_LOCK_KEY})`);
        return work(new PgCurationTransaction(tx));
      },
      { timeout: 60_000, maxWait: 60_000 },
    );
  }
}

/** Stores fingerprints computed again for stale candidates; the article's own index is saveClassification's. */
export async function saveFingerprints(db: DbClient, fingerprints: Map<string, StoredFingerprint>): Promise<void> {
  if (!fingerprints.size) return;
  const entries = [...fingerprints];
  await db.$executeRawUnsafe(
    `UPDATE "Article" a SET fingerprint = f.data, "fingerprintVersion" = f.version
       FROM unnest($1::uuid[], $2::bytea[], $3::text[]) AS f(id, data, version)
      WHERE a.id = f.id AND a."fingerprintVersion" IS DISTINCT FROM f.version`,
    entries.map(([id]) => id),
    entries.map(([, f]) => Buffer.from(f.data)),
    entries.map(([, f]) => f.version),
  );
}

/** Candidate reads and curation writes inside the story lock's transaction. */
export class PgCurationTransaction extends PgStoryStore {
  async saveFingerprints(fingerprints: Map<string, StoredFingerprint>): Promise<void> {
    await saveFingerprints(this.db, fingerprints);
  }

  async saveCuration(articleId: string, classification: Classification, index: ArticleIndex): Promise<void> {
    await saveClassification(this.db, articleId, classification, index);
    await saveLshBands(this.db, articleId, index.bands);
    // In the story lock's transaction: the article is curated exactly when its story assignment is committed.
    await markCurated(this.db, articleId);
  }

  async saveStoryAssignment(assignment: StoryAssignment): Promise<void> {
    await saveStoryAssignment(this.db, assignment);
  }
}
