// The curate store (src/curate/curate-store.ts, CurateStore) over Postgres, for curations running in parallel.
//
// No lock while a curation reads and decides: its reads share one REPEATABLE READ snapshot, whose id
// (pg_current_snapshot) it keeps. Its write is one short transaction that locks the rows of the stories it read,
// in id order (two writers over the same stories queue instead of deadlocking), and is refused when one of them is
// gone or was last changed by a transaction the snapshot does not see (Story.writtenXid): the decision was made on
// a story that no longer exists as read. Articles of the window that had no story when read (a new article; a
// row whose story went) are locked too, and the write refused when one has been placed since. The article records
// the transaction that curated it (Article.curatedXid), so after committing a curation finds those that committed
// concurrently (curatedSince) and, if one could have joined its window, curates again (src/ingest/curate-article.ts).
// Writers hold the old story lock shared; the last resort of an article that keeps meeting concurrent curations
// holds it exclusively, alone.
import type pg from "pg";
import { sqlPoolOf, type Db } from "./client.ts";
import { inTransaction, poolSql, type Sql, type TransactionOptions } from "./sql.ts";
import type { CurationWrite, KeyFrequencies, StoredStoryArticle, WriteOutcome } from "../model.ts";
import {
  CandidateRowCache,
  PgStoryStore,
  STORY_LOCK_KEY,
  storyKeyFrequencies,
  analyzeIfStale,
  articleTableStats,
  vacuumIfNeglected,
} from "./story-store.ts";
import { saveClassification, saveFingerprints, writeStoryAssignment } from "./story-writes.ts";

/** A curation's transaction waits at most this long for a lock or a statement: past it, it fails and is retried. */
const STATEMENT_TIMEOUT_MS = 60_000;
const WRITE: TransactionOptions = { statementTimeoutMs: STATEMENT_TIMEOUT_MS };
// One snapshot for every read of a decision.
const SNAPSHOT: TransactionOptions = { statementTimeoutMs: STATEMENT_TIMEOUT_MS, isolation: "repeatable read" };

/** Candidate reads and curation writes inside one transaction. */
export class PgCurationTransaction extends PgStoryStore {
  /** Writes the curation; marks the stories it changed, and the article if anything changed, with this transaction. */
  async saveCuration(write: CurationWrite): Promise<string[]> {
    const { articleId, classification, index } = write;
    const saved = await saveClassification(this.db, articleId, classification, index);
    await saveFingerprints(this.db, write.fingerprints);
    const written: string[] = [];
    const changedStories: string[] = [];
    for (const story of write.stories) {
      const { id, changed: storyChanged } = await writeStoryAssignment(this.db, story);
      written.push(id);
      if (storyChanged) changedStories.push(id);
    }
    // A written classification (every changed one is) already carries the mark (saveClassification).
    const markArticle = !saved.written && changedStories.length > 0;
    await markWrittenBy(this.db, markArticle ? articleId : undefined, changedStories);
    return written;
  }
}

/** Stamps the stories (and the article, when given) as written by this transaction. */
async function markWrittenBy(db: Sql, articleId: string | undefined, storyIds: string[]): Promise<void> {
  if (!articleId && !storyIds.length) return;
  await db.execute(
    `WITH article AS (
       UPDATE "Article" SET "curatedXid" = pg_current_xact_id()::text::bigint WHERE id = $1::uuid RETURNING 1)
     UPDATE "Story" SET "writtenXid" = pg_current_xact_id()::text::bigint WHERE id = ANY($2::uuid[])`,
    articleId ?? null,
    storyIds,
  );
}

/**
 * True when every story read still exists and none was changed by a transaction the snapshot does not see, and none
 * of the articles storyless when read has a story now. One statement: the stories' rows are locked first, in id
 * order, then the articles' (two writers over the same stories queue instead of deadlocking), so a concurrent writer
 * placing one of those articles waits and then finds it placed.
 */
async function unchangedSince(db: Sql, write: CurationWrite, snapshot: string): Promise<boolean> {
  const storyIds = [...new Set(write.storiesRead)].sort();
  const articleIds = [...new Set(write.storylessRead)].sort();
  if (!storyIds.length && !articleIds.length) return true;
  // The select list is evaluated in order, so the stories' locks are taken before the articles'.
  const [row] = await db.query<{ found: number; changed: number; placed: number }>(
    `WITH stories AS (SELECT id, "writtenXid" FROM "Story" WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE),
          articles AS (SELECT id, "storyId" FROM "Article" WHERE id = ANY($3::uuid[]) ORDER BY id FOR UPDATE)
     SELECT (SELECT count(*)::int FROM stories) AS found,
            (SELECT count(*)::int FROM stories
              WHERE "writtenXid" IS NOT NULL
                AND NOT pg_visible_in_snapshot("writtenXid"::text::xid8, $2::pg_snapshot)) AS changed,
            (SELECT count(*)::int FROM articles WHERE "storyId" IS NOT NULL) AS placed`,
    storyIds,
    snapshot,
    articleIds,
  );
  return row.found === storyIds.length && row.changed === 0 && row.placed === 0;
}

// Two writers that both mint one new story's id, or lock rows in an order the story locks did not cover
// (articles' rows): one of them fails, and decides again with what the other wrote.
// A deadlock, a serialization failure, a unique violation (the same id minted twice), a statement timeout.
const RETRYABLE_SQLSTATES = new Set(["40P01", "40001", "23505", "57014"]);

function isWriteConflict(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && RETRYABLE_SQLSTATES.has(code);
}

/** Story-key statistics change slowly: read (and the table analyzed when they are stale) once a minute. */
const KEY_FREQUENCIES_MAX_AGE_MS = 60_000;

export class PgCurateStore {
  private readonly pool: pg.Pool;
  private readonly sql: Sql;
  private keyFrequencies: { readAt: number; value: Promise<KeyFrequencies> } | undefined;
  /** This worker's candidate rows, kept from one curation to the next. */
  private readonly candidateRows = new CandidateRowCache();

  constructor(db: Db) {
    this.pool = sqlPoolOf(db);
    this.sql = poolSql(this.pool);
  }

  private currentKeyFrequencies(): Promise<KeyFrequencies> {
    const now = Date.now();
    if (!this.keyFrequencies || now - this.keyFrequencies.readAt > KEY_FREQUENCIES_MAX_AGE_MS) {
      // Without statistics every key finds candidates, as before they existed; a failed read is tried again by the
      // next curation, not remembered for a minute.
      // One read of the table's statistics decides both ANALYZE and VACUUM.
      const stats = articleTableStats(this.sql);
      stats.catch(() => {}); // a failed read fails both below, where it is handled
      const value = stats
        .then((read) => analyzeIfStale(this.pool, read))
        .catch(() => false) // not the owner, or a lock timeout: the statistics there are will do
        .then(() => storyKeyFrequencies(this.sql))
        .catch((): KeyFrequencies => {
          this.keyFrequencies = undefined;
          return { total: 0, articlesWith: () => 0, articlesWithBand: () => 0 };
        });
      this.keyFrequencies = { readAt: now, value };
      // Not awaited: a vacuum of a large table takes a while, and curation does not need it done.
      stats.then((read) => vacuumIfNeglected(this.pool, read)).catch(() => {}); // tried again a minute later
    }
    return this.keyFrequencies.value;
  }

  async loadArticle(articleId: string): Promise<StoredStoryArticle | undefined> {
    const [row] = await new PgStoryStore(this.sql).loadArticles([articleId]);
    return row;
  }

  async loadArticles(articleIds: string[]): Promise<StoredStoryArticle[]> {
    return new PgStoryStore(this.sql).loadArticles(articleIds);
  }

  async readSnapshot<T>(read: (candidates: PgStoryStore) => Promise<T>): Promise<{ value: T; snapshot: string }> {
    const keyFrequencies = await this.currentKeyFrequencies();
    // The first statement takes the transaction's snapshot: every read below sees exactly what it names.
    const options = { ...SNAPSHOT, first: `SELECT pg_current_snapshot()::text AS snapshot` };
    return inTransaction(this.pool, options, async (tx, [{ snapshot }]) => {
      const value = await read(new PgStoryStore(tx, keyFrequencies, this.candidateRows));
      return { value, snapshot: snapshot as string };
    });
  }

  async writeCuration(write: CurationWrite, snapshot: string): Promise<WriteOutcome> {
    let outcome: WriteOutcome;
    try {
      const options = { ...WRITE, first: `SELECT pg_advisory_xact_lock_shared(${STORY_LOCK_KEY})` };
      outcome = await inTransaction(this.pool, options, async (tx): Promise<WriteOutcome> => {
        if (!(await unchangedSince(tx, write, snapshot))) return { written: false };
        const inThisTransaction = { ...write, fingerprints: new Map() };
        return { written: true, storyIds: await new PgCurationTransaction(tx).saveCuration(inThisTransaction) };
      });
    } catch (error) {
      if (isWriteConflict(error)) return { written: false };
      throw error;
    }
    // Outside the transaction: other articles' rows, written only to spare later checks the recomputation.
    if (outcome.written) await saveFingerprints(this.sql, write.fingerprints);
    return outcome;
  }

  async curatedSince(snapshot: string, exceptId: string): Promise<StoredStoryArticle[]> {
    return new PgStoryStore(this.sql, undefined, this.candidateRows).curatedSince(snapshot, exceptId);
  }

  async underStoryLock<T>(work: (tx: PgCurationTransaction) => Promise<T>): Promise<T> {
    const keyFrequencies = await this.currentKeyFrequencies();
    return inTransaction(this.pool, { ...WRITE, first: `SELECT pg_advisory_xact_lock(${STORY_LOCK_KEY})` }, (tx) =>
      work(new PgCurationTransaction(tx, keyFrequencies, this.candidateRows)),
    );
  }
}
