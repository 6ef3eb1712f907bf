// Writes of the story stage: an article's classification and index, and the story it belongs to. Each tells
// whether it changed anything, so a curation that changed nothing leaves no mark for concurrent ones to react to
// (curation-store.ts). Reading candidates is story-store.ts. What to write is decided in src/curate.
import { randomUUID } from "node:crypto";
import type { ArticleIndex, Classification, StoredFingerprint, StoryAssignment } from "../model.ts";
import { survivingStory, type MintedStory } from "./story-identity.ts";
import { bandKeysOf, storyIdOf } from "./story-store.ts";
import type { Sql } from "./sql.ts";

// The writes of every curation are single plain statements over node-postgres (sql.ts): Prisma's model queries cost
// a compilation each (a tenth of a worker's time in a burst), and each round trip to Postgres costs a system call on
// both sides.

/**
 * Stores the article's classification and index (its LSH bands as Article.bandHashes), and marks it curated.
 * `changed`: the classification or index changed; `written`: the row was written, and then stamped with this
 * transaction as its curation (curatedXid):
 * every Article update rewrites the row and all its indexes (the text search one included), so the stamp rides
 * along instead of costing an update of its own. jsonb compares objects whatever the order of their keys, so
 * stored and fresh evidence compare as values.
 */
export async function saveClassification(
  db: Sql,
  articleId: string,
  c: Classification,
  index: ArticleIndex,
): Promise<{ changed: boolean; written: boolean }> {
  const { contentHash, storyKeys, fingerprint } = index;
  // One UPDATE: a statement must not modify a row in two of its parts. `current` reads the row as it was.
  const rows = await db.query<{ changed: boolean }>(
    `WITH fresh AS (
       SELECT $2::text AS "contentHash", $3::text[] AS "storyKeys", $4::text AS fingerprint,
              $5::text AS "fingerprintVersion", $6::boolean AS relevant, $7::double precision AS relevance,
              $8::text[] AS topics, $9::text[] AS countries, $10::text[] AS entities, $11::jsonb AS evidence,
              $13::int4[] AS "bandHashes"),
     current AS (
       SELECT a.id, a.stage, (a."classifiedAt" IS NULL
               OR (a."contentHash", a."storyKeys", a.fingerprint, a."fingerprintVersion", a."bandHashes", a.relevant,
                   a.relevance, a.topics, a.countries, a.entities, a.evidence)
                  IS DISTINCT FROM (f."contentHash", f."storyKeys", f.fingerprint, f."fingerprintVersion",
                   f."bandHashes", f.relevant, f.relevance, f.topics, f.countries, f.entities, f.evidence)) AS changed
         FROM "Article" a, fresh f
        WHERE a.id = $1::uuid)
     UPDATE "Article" a
        SET "contentHash" = f."contentHash", "storyKeys" = f."storyKeys", fingerprint = f.fingerprint,
            "fingerprintVersion" = f."fingerprintVersion", "bandHashes" = f."bandHashes",
            relevant = f.relevant, relevance = f.relevance,
            topics = f.topics, countries = f.countries, entities = f.entities, evidence = f.evidence,
            "classifiedAt" = CASE WHEN c.changed THEN $12::timestamp(3) ELSE a."classifiedAt" END,
            stage = 'curated', "curatedXid" = pg_current_xact_id()::text::bigint
       FROM fresh f, current c
      WHERE a.id = c.id AND (c.changed OR c.stage <> 'curated')
      RETURNING c.changed`,
    articleId,
    contentHash,
    storyKeys,
    fingerprint.data,
    fingerprint.version,
    c.relevant,
    c.relevance,
    c.topics,
    c.countries,
    c.entities,
    JSON.stringify(c.evidence),
    new Date(),
    bandKeysOf(index.bands),
  );
  return { changed: rows[0]?.changed ?? false, written: rows.length > 0 };
}

/**
 * Inserts the story or updates its summary (an unchanged summary is left alone), and points the members at it, in
 * one statement. `story`: whether the story's row was written; `moved`: how many members' rows were.
 * The members' foreign key is checked at the end of the statement, when the story's row is there.
 */
async function upsertStoryAndMove(
  db: Sql,
  a: StoryAssignment,
  story: StoryIdentity,
): Promise<{ story: boolean; moved: number }> {
  const seen = a.firstSeenAt ?? new Date(0);
  const [row] = await db.query<{ story: number; moved: number }>(
    `WITH upserted AS (
       INSERT INTO "Story" (id, key, title, "representativeArticleId", "firstSeenAt", "lastSeenAt", "articleCount",
                            "outletCount", relevant, relevance, topics, countries, "updatedAt")
       VALUES ($1::uuid, $2, $3, $4::uuid, $5::timestamp(3), $6::timestamp(3), $7::int, $8::int, $9::boolean,
               $10::double precision, $11::text[], $12::text[], $13::timestamp(3))
       ON CONFLICT (id) DO UPDATE
          SET title = EXCLUDED.title, "representativeArticleId" = EXCLUDED."representativeArticleId",
              "firstSeenAt" = EXCLUDED."firstSeenAt", "lastSeenAt" = EXCLUDED."lastSeenAt",
              "articleCount" = EXCLUDED."articleCount", "outletCount" = EXCLUDED."outletCount",
              relevant = EXCLUDED.relevant, relevance = EXCLUDED.relevance, topics = EXCLUDED.topics,
              countries = EXCLUDED.countries, "updatedAt" = EXCLUDED."updatedAt"
        WHERE ("Story".title, "Story"."representativeArticleId", "Story"."firstSeenAt", "Story"."lastSeenAt",
               "Story"."articleCount", "Story"."outletCount", "Story".relevant, "Story".relevance, "Story".topics,
               "Story".countries)
              IS DISTINCT FROM
              (EXCLUDED.title, EXCLUDED."representativeArticleId", EXCLUDED."firstSeenAt", EXCLUDED."lastSeenAt",
               EXCLUDED."articleCount", EXCLUDED."outletCount", EXCLUDED.relevant, EXCLUDED.relevance,
               EXCLUDED.topics, EXCLUDED.countries)
       RETURNING 1),
     moved AS (
       UPDATE "Article" a SET "storyId" = $1::uuid, "duplicateOfId" = m.dup
         FROM unnest($14::uuid[], $15::uuid[]) AS m(id, dup)
        WHERE a.id = m.id AND (a."storyId" IS DISTINCT FROM $1::uuid OR a."duplicateOfId" IS DISTINCT FROM m.dup)
       RETURNING 1)
     SELECT (SELECT count(*)::int FROM upserted) AS story, (SELECT count(*)::int FROM moved) AS moved`,
    story.id,
    story.key,
    a.title,
    a.representativeId,
    seen,
    a.lastSeenAt ?? seen,
    a.articleCount,
    a.outletCount,
    a.relevant,
    a.relevance,
    a.topics,
    a.countries,
    new Date(),
    a.members.map((m) => m.id),
    a.members.map((m) => m.duplicateOfId),
  );
  return { story: row.story > 0, moved: row.moved };
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
function storyIdentityOf(assignment: StoryAssignment, current: CurrentStories): StoryIdentity {
  const survivor = survivingStory(current.stories.filter((s) => s.inheritable));
  if (survivor) return { id: survivor.id, key: survivor.key };
  if (!current.mintedTaken) return { id: storyIdOf(assignment.key), key: assignment.key };
  const key = `${assignment.key}-${randomUUID()}`;
  return { id: storyIdOf(key), key };
}

/** Stories left without members become aliases of the survivor (and so do their own aliases), then go; a story
 * that kept members (the other part of a split) stays as it is. */
async function absorbStories(db: Sql, left: string[], survivorId: string): Promise<boolean> {
  if (!left.length) return false;
  // Aliases first, then the stories: deleting a story deletes the aliases still pointing at it. Every emptied story
  // goes, whether or not its alias was already there (ON CONFLICT returns no row for those).
  const absorbed = await db.query<{ id: string }>(
    `WITH emptied AS (
       SELECT s.id FROM "Story" s
        WHERE s.id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM "Article" a WHERE a."storyId" = s.id)),
     repointed AS (
       UPDATE "StoryAlias" SET "mergedInto" = $2::uuid WHERE "mergedInto" IN (SELECT id FROM emptied)),
     aliased AS (
       INSERT INTO "StoryAlias" (id, "mergedInto", "mergedAt")
         SELECT id, $2::uuid, $3::timestamp(3) FROM emptied
       ON CONFLICT DO NOTHING)
     SELECT id::text AS id FROM emptied`,
    left,
    survivorId,
    new Date(),
  );
  if (!absorbed.length) return false;
  await db.execute(
    `DELETE FROM "Story" WHERE id = ANY($1::uuid[])`,
    absorbed.map((s) => s.id),
  );
  return true;
}

interface CurrentStory extends MintedStory, StoryIdentity {
  /** Whether the story's oldest member (earliest published, then smallest URL) is among the assignment's. */
  inheritable: boolean;
}

interface CurrentStories {
  stories: CurrentStory[];
  /** Whether the id minted from the assignment's key is taken (by a story, or an alias). */
  mintedTaken: boolean;
}

/**
 * The stories the assignment's members belong to now, and whether the id its key mints is taken, in one statement.
 * Stories whose oldest member is in the assignment are the ones it may take its id from: when a story splits, the
 * part keeping the oldest member keeps the id and the other part gets a new one; when stories join, every one of
 * them qualifies and the earliest minted wins.
 */
async function currentStoriesOf(db: Sql, assignment: StoryAssignment): Promise<CurrentStories> {
  const rows = await db.query<{ taken: boolean } & { [K in keyof CurrentStory]: CurrentStory[K] | null }>(
    `SELECT EXISTS (SELECT 1 FROM "Story" WHERE id = $2::uuid)
              OR EXISTS (SELECT 1 FROM "StoryAlias" WHERE id = $2::uuid) AS taken, cs.*
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (
         SELECT s.id::text AS id, s.key, s."createdAt", oldest.id = ANY($1::uuid[]) AS inheritable
           FROM "Story" s
           JOIN LATERAL (SELECT a.id FROM "Article" a WHERE a."storyId" = s.id
                          ORDER BY COALESCE(a."publishedAt", a."fetchedAt"), a.url LIMIT 1) oldest ON true
          WHERE s.id = ANY(ARRAY(SELECT "storyId" FROM "Article"
                                  WHERE id = ANY($1::uuid[]) AND "storyId" IS NOT NULL))) cs ON true`,
    assignment.members.map((m) => m.id),
    storyIdOf(assignment.key),
  );
  const stories = rows.flatMap(({ id, key, createdAt, inheritable }) =>
    id !== null && key !== null && createdAt !== null
      ? [{ id, key, createdAt, inheritable: inheritable === true }]
      : [],
  );
  return { stories, mintedTaken: rows[0]?.taken ?? false };
}

/**
 * Writes a story and points its members at it. The story keeps the id of the earliest minted story it may inherit
 * from (currentStoriesOf; a new id is minted when there is none); stories left without members become aliases
 * of it. Re-running is a no-op.
 */
export async function saveStoryAssignment(db: Sql, assignment: StoryAssignment): Promise<string> {
  return (await writeStoryAssignment(db, assignment)).id;
}

/** saveStoryAssignment, telling whether the story or its members' rows changed. */
export async function writeStoryAssignment(
  db: Sql,
  assignment: StoryAssignment,
): Promise<{ id: string; changed: boolean }> {
  const before = await currentStoriesOf(db, assignment);
  const story = storyIdentityOf(assignment, before);
  const written = await upsertStoryAndMove(db, assignment, story);
  const absorbed = await absorbStories(
    db,
    before.stories.flatMap((s) => (s.id === story.id ? [] : [s.id])),
    story.id,
  );
  return { id: story.id, changed: written.story || written.moved > 0 || absorbed };
}

/** The current id of a story from any id it ever had (its own, or one a merge absorbed); undefined if unknown. */
export async function resolveStoryId(db: Sql, id: string): Promise<string | undefined> {
  const [row] = await db.query<{ id: string }>(
    `SELECT id::text AS id FROM "Story" WHERE id = $1::uuid
     UNION ALL SELECT "mergedInto"::text FROM "StoryAlias" WHERE id = $1::uuid
     LIMIT 1`,
    id,
  );
  return row?.id;
}

/** Stores fingerprints computed again for stale candidates; the article's own index is saveClassification's. */
export async function saveFingerprints(db: Sql, fingerprints: Map<string, StoredFingerprint>): Promise<void> {
  if (!fingerprints.size) return;
  const entries = [...fingerprints];
  await db.execute(
    `UPDATE "Article" a SET fingerprint = f.data, "fingerprintVersion" = f.version
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS f(id, data, version)
      WHERE a.id = f.id AND a."fingerprintVersion" IS DISTINCT FROM f.version`,
    entries.map(([id]) => id),
    entries.map(([, f]) => f.data),
    entries.map(([, f]) => f.version),
  );
}
