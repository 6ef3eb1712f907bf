// Stories in Postgres, the reading side: the article fields the story stage needs and the candidate queries
// (content hash, LSH bands, the story-key pre-filter of a time window). Writes are in story-writes.ts. Only reads:
// fingerprints and decisions are src/curate's.
import { createHash } from "node:crypto";
import type pg from "pg";
import type { Db } from "./client.ts";
import type { Article, Prisma } from "./generated/client.ts";
import { inTransaction, poolSql, type Sql } from "./sql.ts";
import { STORED_TEXT_HEAD_CHARS } from "../model.ts";
import type {
  BandQuery,
  CandidateQuery,
  Classification,
  KeyFrequencies,
  StoredStoryArticle,
  StoryArticle,
  StoryMembers,
  WindowQuery,
} from "../model.ts";

// Curations write holding this advisory lock shared, and run in parallel (curation-store.ts); an article whose
// optimistic rounds keep meeting concurrent curations is curated holding it exclusively, alone.
export const STORY_LOCK_KEY = 0x5111c5;

/** An Article row as Prisma types it: the columns candidate rows are typed after. */
type ArticleRow = Article;

function articleText(row: Pick<ArticleRow, "text" | "summary">): string {
  return row.text ?? row.summary ?? "";
}

/** Undated articles are placed at their fetch time but never linked by date-dependent rules. */
function storyArticleOf(
  row: Pick<ArticleRow, "id" | "url" | "sourceId" | "title" | "text" | "summary" | "publishedAt" | "fetchedAt">,
): StoryArticle {
  return {
    id: row.id,
    url: row.url,
    outlet: row.sourceId,
    title: row.title,
    text: articleText(row),
    publishedAt: row.publishedAt ?? row.fetchedAt,
    datePrecision: row.publishedAt !== null ? "day" : "none",
  };
}

function fingerprintOf(row: {
  fingerprint: string | null;
  fingerprintVersion: string | null;
}): StoredStoryArticle["fingerprint"] {
  if (!row.fingerprint || !row.fingerprintVersion) return undefined;
  return { version: row.fingerprintVersion, data: row.fingerprint };
}

type ClassificationFields = Pick<
  ArticleRow,
  "classifiedAt" | "relevant" | "relevance" | "topics" | "countries" | "entities" | "evidence"
>;

function classificationOf(row: ClassificationFields): Classification | undefined {
  if (!row.classifiedAt || row.relevant === null || row.relevance === null) return undefined;
  const evidence = (row.evidence ?? []) as Classification["evidence"];
  return {
    relevant: row.relevant,
    relevance: row.relevance,
    topics: row.topics,
    countries: row.countries,
    entities: row.entities,
    evidence,
  };
}

/** A new story's id, minted from its key (story-writes.ts decides when): one key gives one id in any database. */
export function storyIdOf(key: string): string {
  const hex = createHash("sha256").update(key).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Multiplier spreading band indexes over the 32 bits of a band key (Knuth's multiplicative hash constant). */
const BAND_SPREAD = 2654435761n;

/**
 * An article's LSH bands as the sorted, distinct 32-bit keys of Article.bandHashes: each band's 64-bit hash with the
 * band's index folded in, so the same hash in two different bands does not match. Migration 20261201130000 computes
 * the same keys in SQL from the rows it replaced.
 */
export function bandKeysOf(bands: bigint[]): number[] {
  return [...new Set(bands.map(bandKeyOf))].sort((a, b) => a - b);
}

/** One band's key in Article.bandHashes (and ArticleKeys.bandHashes). */
function bandKeyOf(hash: bigint, band: number): number {
  return Number(BigInt.asIntN(32, hash ^ (BigInt(band) * BAND_SPREAD)));
}

// A candidate as the story stage compares it: its stored fingerprint carries what the text would give, so only the
// text's opening (the dateline the wire detector reads) is loaded; whole texts only for stale fingerprints.
const columnsWithText = (text: string) => `a.id::text AS id, a.url, a."sourceId", a.title, a."publishedAt",
  a."fetchedAt", ${text} AS text,
  a.relevant, a.relevance, a.topics, a.countries, a.entities, a.evidence, a."classifiedAt",
  a.fingerprint, a."fingerprintVersion", a."storyId"::text AS "storyId"`;
const CANDIDATE_COLUMNS = columnsWithText(`left(COALESCE(a.text, a.summary, ''), ${STORED_TEXT_HEAD_CHARS})`);
// The article being curated, and candidates whose fingerprint is stale: the whole text. Raw SQL, like the candidate
// reads: Prisma's findUnique cost the worker 0.9-1.3 ms a call against 0.5 for the same columns read raw.
const WHOLE_ARTICLE_COLUMNS = columnsWithText(`COALESCE(a.text, a.summary, '')`);

type CandidateRow = ClassificationFields &
  Pick<ArticleRow, "id" | "url" | "sourceId" | "title" | "publishedAt" | "fetchedAt" | "text" | "storyId"> & {
    fingerprint: string | null;
    fingerprintVersion: string | null;
  };

type VersionedCandidateRow = CandidateRow & { version: string };

/** An article row's version: the transaction that wrote it (xmin). Any change to the row gives it a new one. */
const ROW_VERSION = `a.xmin::text AS version`;

/** Characters of candidate rows (their fingerprints and text openings) a worker keeps: about 1,000 rows. */
export const CANDIDATE_ROW_CHARS = 4_000_000;

/**
 * Candidate rows a worker read before, each with the version of the row it was read from. A check reads ~150
 * candidates, most of them read by the checks before it: their ids and versions are read, and only rows not kept
 * at that version are read whole. A version is the xmin of the row, which every UPDATE changes, so a kept row is
 * exactly what Postgres would return; a row version read in a transaction that later rolled back is never matched
 * again, since no committed row carries that transaction's id.
 */
export class CandidateRowCache {
  private readonly entries = new Map<string, { version: string; row: StoredStoryArticle; chars: number }>();
  private chars = 0;
  private readonly budget: number;

  constructor(budget = CANDIDATE_ROW_CHARS) {
    this.budget = budget;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The row kept for this id at this version; it becomes the most recently used. */
  get(articleId: string, version: string): StoredStoryArticle | undefined {
    const kept = this.entries.get(articleId);
    if (!kept || kept.version !== version) return undefined;
    this.entries.delete(articleId);
    this.entries.set(articleId, kept);
    return kept.row;
  }

  set(articleId: string, version: string, row: StoredStoryArticle): void {
    const previous = this.entries.get(articleId);
    if (previous) {
      this.entries.delete(articleId);
      this.chars -= previous.chars;
    }
    const chars = (row.fingerprint?.data.length ?? 0) + row.article.text.length + row.article.title.length;
    if (chars > this.budget) return;
    this.entries.set(articleId, { version, row, chars });
    this.chars += chars;
    for (const [id, oldest] of this.entries) {
      if (this.chars <= this.budget) break;
      this.entries.delete(id);
      this.chars -= oldest.chars;
    }
  }
}

function candidateOf(row: CandidateRow): StoredStoryArticle {
  return {
    article: storyArticleOf({ ...row, summary: null }),
    classification: classificationOf(row),
    fingerprint: fingerprintOf(row),
    storyId: row.storyId ?? undefined,
  };
}

/** `sql` with its placeholders $1, $2, ... numbered from $(offset + 1): a part of a larger statement. */
function numberedFrom(offset: number, sql: string): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}

/** A ranking query's SQL (placeholders from offset + 1) and its values, in order. */
type Ranking = [string, ...unknown[]];

/**
 * The band candidates' ranking (findByBands): `id` and `rank`, cut to the limit. Placeholders from offset + 1;
 * undefined without bands, which find nothing.
 */
function bandRanking(bands: bigint[], query: BandQuery, offset: number): Ranking | undefined {
  if (!bands.length) return undefined;
  const sql = `SELECT k."articleId" AS id,
                      row_number() OVER (ORDER BY icount(k."bandHashes" & $1::int4[]) DESC,
                        abs(extract(epoch FROM k."publishedAt") - $4::double precision) NULLS LAST, k."articleId") AS rank
                 FROM "ArticleKeys" k
                WHERE k."bandHashes" && $6::int4[]
                  AND ($2::double precision IS NULL OR k."publishedAt" IS NULL
                       OR extract(epoch FROM k."publishedAt") BETWEEN $2::double precision AND $3::double precision)
                ORDER BY rank
                LIMIT $5`;
  return [
    numberedFrom(offset, sql),
    bandKeysOf(bands),
    query.within ? query.within[0].getTime() / 1000 : null,
    query.within ? query.within[1].getTime() / 1000 : null,
    query.near ? query.near.getTime() / 1000 : null,
    query.limit,
    query.finding ? [...new Set(query.finding.map((band) => bandKeyOf(bands[band], band)))] : bandKeysOf(bands),
  ];
}

/** The window candidates' ranking (findPublishedBetween), as bandRanking; undefined when no key finds. */
function windowRanking(window: WindowQuery, offset: number): Ranking | undefined {
  const { from, to, keys, limit, finding = keys } = window;
  if (!keys.length || !finding.length) return undefined;
  const sql = `SELECT k."articleId" AS id, row_number() OVER (ORDER BY
                      icount(k."storyKeyHashes" & story_key_hashes($3::text[])) DESC, k."articleId") AS rank
                 FROM "ArticleKeys" k
                WHERE k."publishedAt" BETWEEN $1 AND $2 AND k."storyKeyHashes" && story_key_hashes($5::text[])
                ORDER BY rank
                LIMIT $4`;
  return [numberedFrom(offset, sql), from, to, keys, limit, finding];
}

/** The candidate queries of the story stage (src/curate/curate-store.ts, StoredCandidates) over Postgres. */
export class PgStoryStore {
  protected readonly db: Sql;
  private readonly frequencies: KeyFrequencies | undefined;
  private readonly rows: CandidateRowCache | undefined;

  /**
   * `frequencies`: story-key statistics read before (storyKeyFrequencies); read when asked for without them.
   * `rows`: candidate rows kept between checks; without it every candidate is read whole.
   */
  constructor(db: Sql, frequencies?: KeyFrequencies, rows?: CandidateRowCache) {
    this.db = db;
    this.frequencies = frequencies;
    this.rows = rows;
  }

  async keyFrequencies(): Promise<KeyFrequencies> {
    return this.frequencies ?? storyKeyFrequencies(this.db);
  }

  async findByContentHash(hash: string): Promise<StoredStoryArticle[]> {
    return this.candidates(`a."contentHash" = $1`, hash);
  }

  /**
   * Found through the GIN index of ArticleKeys.bandHashes (intarray; migrations 20261201130000 and
   * 20261201140000), ranked and cut in SQL: only the best `limit` rows are loaded and decoded, however many articles
   * a template shares a band with.
   */
  async findByBands(bands: bigint[], query: BandQuery): Promise<StoredStoryArticle[]> {
    return this.ranked(bandRanking(bands, query, 0));
  }

  /**
   * Ranked in SQL over the GIN-indexed hashes of the story keys in ArticleKeys (intarray's sorted intersections;
   * migrations 20261201110000 and 20261201140000), so only the best `limit` rows are loaded. Rows are found through
   * the index by `finding` and ranked by all of `keys`.
   */
  async findPublishedBetween(
    from: Date,
    to: Date,
    keys: string[],
    limit: number,
    finding: string[] = keys,
  ): Promise<StoredStoryArticle[]> {
    return this.ranked(windowRanking({ from, to, keys, limit, finding }, 0));
  }

  /**
   * The three queries as one statement: the same rankings, each cut to its own limit, one after the other. One
   * round trip for the candidates' ids and versions, and one for the rows not kept, instead of two for each query.
   */
  async findCandidates(query: CandidateQuery): Promise<StoredStoryArticle[]> {
    const parts: string[] = [`SELECT a.id, 0 AS part, 0::bigint AS rank FROM "Article" a WHERE a."contentHash" = $1`];
    const values: unknown[] = [query.contentHash];
    const add = (ranking: Ranking | undefined) => {
      if (!ranking) return;
      const [sql, ...rankingValues] = ranking;
      parts.push(`SELECT r.id, ${parts.length} AS part, r.rank FROM (${sql}) r`);
      values.push(...rankingValues);
    };
    if (query.window) add(windowRanking(query.window, values.length));
    add(bandRanking(query.bands, query.bandQuery, values.length));
    const found = await this.select(
      `FROM (${parts.map((part) => `(${part})`).join(" UNION ALL ")}) r JOIN "Article" a ON a.id = r.id
       ORDER BY r.part, r.rank`,
      values,
    );
    // An article two queries found is kept where it first appears (StoredCandidates.findCandidates).
    const byId = new Map<string, StoredStoryArticle>();
    for (const row of found) if (!byId.has(row.article.id)) byId.set(row.article.id, row);
    return [...byId.values()];
  }

  /**
   * The articles by id, and their stories' members by storyId: a BitmapOr of the two indexes. (With `storyId IN
   * (SELECT ...)` Postgres evaluates the OR row by row over a scan of the whole table; `= ANY(ARRAY(...))` computes
   * the story ids first.)
   */
  async findStoryMembers(articleIds: string[]): Promise<StoryMembers> {
    const storyOf = new Map<string, string>();
    if (!articleIds.length) return { storyOf, others: [] };
    const inHand = new Set(articleIds);
    const others = await this.select(
      `FROM "Article" a WHERE a.id = ANY($1::uuid[]) OR a."storyId" = ANY(ARRAY(
         SELECT "storyId" FROM "Article" WHERE id = ANY($1::uuid[]) AND "storyId" IS NOT NULL))`,
      [articleIds],
      (id, storyId) => {
        if (!inHand.has(id)) return true;
        if (storyId) storyOf.set(id, storyId);
        return false;
      },
    );
    return { storyOf, others };
  }

  /**
   * Articles whose curation committed but is not visible in `snapshot` (pg_current_snapshot text): curated
   * concurrently with the snapshot's reader. Only transactions from the snapshot's xmin on can be invisible, so
   * the index on curatedXid reads just the recent ones.
   */
  async curatedSince(snapshot: string, exceptId: string): Promise<StoredStoryArticle[]> {
    return this.candidates(
      `a."curatedXid" >= pg_snapshot_xmin($1::pg_snapshot)::text::bigint
       AND NOT pg_visible_in_snapshot(a."curatedXid"::text::xid8, $1::pg_snapshot) AND a.id <> $2::uuid`,
      snapshot,
      exceptId,
    );
  }

  async loadArticles(articleIds: string[]): Promise<StoredStoryArticle[]> {
    if (!articleIds.length) return [];
    const rows = await this.db.query<CandidateRow>(
      `SELECT ${WHOLE_ARTICLE_COLUMNS} FROM "Article" a WHERE a.id = ANY($1::uuid[])`,
      articleIds,
    );
    return rows.map(candidateOf);
  }

  /**
   * The candidates a ranking query selects (`id`, `rank`, already cut to its limit), in its order, in one statement:
   * their columns are read only for the rows kept.
   */
  private async ranked(ranking: Ranking | undefined): Promise<StoredStoryArticle[]> {
    if (!ranking) return [];
    const [sql, ...values] = ranking;
    return this.select(`FROM (${sql}) r JOIN "Article" a ON a.id = r.id ORDER BY r.rank`, values);
  }

  private async candidates(where: string, ...values: unknown[]): Promise<StoredStoryArticle[]> {
    return this.select(`FROM "Article" a WHERE ${where}`, values);
  }

  /**
   * The candidate rows `from` selects (an `a` of Article, in its order): kept ones by version, the others read.
   * `wanted` sees each row's id and story first: only the rows it wants are returned (and read).
   */
  private async select(
    from: string,
    values: unknown[],
    wanted: (id: string, storyId: string | null) => boolean = () => true,
  ): Promise<StoredStoryArticle[]> {
    const cache = this.rows;
    if (!cache) {
      const rows = await this.db.query<CandidateRow>(`SELECT ${CANDIDATE_COLUMNS} ${from}`, ...values);
      return rows.filter((r) => wanted(r.id, r.storyId)).map(candidateOf);
    }
    const found = (
      await this.db.query<{ id: string; version: string; storyId: string | null }>(
        `SELECT a.id::text AS id, ${ROW_VERSION}, a."storyId"::text AS "storyId" ${from}`,
        ...values,
      )
    ).filter((f) => wanted(f.id, f.storyId));
    const missing = found.filter((f) => !cache.get(f.id, f.version)).map((f) => f.id);
    const read = new Map<string, StoredStoryArticle>();
    if (missing.length) {
      // In a transaction this sees the versions just found; outside one, a row may have changed since: its newer
      // version is what is kept and returned.
      const rows = await this.db.query<VersionedCandidateRow>(
        `SELECT ${CANDIDATE_COLUMNS}, ${ROW_VERSION} FROM "Article" a WHERE a.id = ANY($1::uuid[])`,
        missing,
      );
      for (const row of rows) {
        const candidate = candidateOf(row);
        cache.set(row.id, row.version, candidate);
        read.set(row.id, candidate);
      }
    }
    // A row deleted between the two reads is left out, as if the first had not found it.
    return found.flatMap((f) => read.get(f.id) ?? cache.get(f.id, f.version) ?? []);
  }
}

/**
 * How many articles carry each story key, from the planner's statistics of Article.storyKeys (the most common
 * elements and the share of rows holding each; autovacuum's ANALYZE keeps them current). Keys the statistics do not
 * list are rare. Before the first ANALYZE nothing is known, and no key is common.
 */
/** Statistics are stale once this share of the table (and at least STALE_MIN_ROWS rows) changed since ANALYZE. */
const STALE_SHARE = 0.1;
const STALE_MIN_ROWS = 1_000;
/** Taken (try-only, per transaction) by the worker analyzing, so several workers do not queue to analyze at once. */
const ANALYZE_LOCK_KEY = 0x5111c6;
/** ANALYZE reads a sample of ~30,000 rows however large the table (0.2 s for 300,000 rows of 40 keys here); a
 * busy server may take longer, but not this long. */
const ANALYZE_TIMEOUT_MS = 60_000;

/** What the statistics system says of the Article table: changes since ANALYZE, dead rows, whether autovacuum runs. */
export interface ArticleTableStats {
  /** Rows changed since the last ANALYZE, and the rows the planner counts. */
  changed: number;
  total: number;
  /** Dead and live row versions. */
  dead: number;
  live: number;
  /** Autovacuum runs for the table: the server's setting and the table's own. */
  autovacuum: boolean;
}

export async function articleTableStats(db: Sql): Promise<ArticleTableStats | undefined> {
  const [stats] = await db.query<ArticleTableStats>(
    `SELECT t.n_mod_since_analyze::float8 AS changed, greatest(c.reltuples, 0)::float8 AS total,
            t.n_dead_tup::float8 AS dead, t.n_live_tup::float8 AS live,
            current_setting('autovacuum')::boolean
              AND coalesce((SELECT o.option_value::boolean FROM pg_options_to_table(c.reloptions) o
                             WHERE o.option_name = 'autovacuum_enabled'), true) AS autovacuum
       FROM pg_stat_user_tables t JOIN pg_class c ON c.oid = t.relid
      WHERE t.relid = '"Article"'::regclass`,
  );
  return stats;
}

/**
 * Analyzes the Article table when its statistics are stale (the same rule as autovacuum's default). Autovacuum does
 * this where it runs; where it is off (this machine's Postgres is one) the statistics of a burst would never
 * exist, and the window pre-filter would go on reading every article of a fortnight. `stats` are read when not
 * given. Returns whether it analyzed.
 */
export async function analyzeIfStale(pool: pg.Pool, stats?: ArticleTableStats): Promise<boolean> {
  stats ??= await articleTableStats(poolSql(pool));
  if (!stats || stats.changed <= Math.max(STALE_MIN_ROWS, STALE_SHARE * stats.total)) return false;
  const options = {
    statementTimeoutMs: ANALYZE_TIMEOUT_MS,
    first: `SELECT pg_try_advisory_xact_lock(${ANALYZE_LOCK_KEY}) AS locked`,
  };
  return inTransaction(pool, options, async (tx, [{ locked }]) => {
    // ArticleKeys is what the candidate queries scan: its statistics go stale with Article's.
    if (locked) await tx.execute(`ANALYZE "Article", "ArticleKeys"`);
    return locked === true;
  });
}

/** A table left to itself is vacuumed once this share of its rows (and at least VACUUM_MIN_DEAD) are dead. */
const VACUUM_DEAD_SHARE = 0.2;
const VACUUM_MIN_DEAD = 1_000;
/** Held (try-only, for the session) by the worker vacuuming: VACUUM cannot run in a transaction. */
const VACUUM_LOCK_KEY = 0x5111c7;

/** Whether a table's dead rows are left to pile up: autovacuum is off for it and a fifth of it is dead. */
export function isNeglected(stats: Pick<ArticleTableStats, "dead" | "live" | "autovacuum">): boolean {
  return !stats.autovacuum && stats.dead > Math.max(VACUUM_MIN_DEAD, VACUUM_DEAD_SHARE * stats.live);
}

/**
 * Vacuums the Article table (and ArticleKeys with it) when autovacuum is off for it (the server's setting, or the
 * table's) and a fifth of it is dead. Each article leaves about five dead versions of its row on its way through the
 * pipeline (page stored, classified, placed in a story, moved when stories change); nothing would ever clear them,
 * and every index scan of a burst reads them all: 6.2 ms a window query on a 1,000-article bench database of 10,600
 * dead rows, 4.8 ms after VACUUM (measured when the window query still scanned Article). Where autovacuum runs (the
 * compose stack) this does nothing. `stats` are read when not given. Returns whether it vacuumed.
 */
export async function vacuumIfNeglected(pool: pg.Pool, stats?: ArticleTableStats): Promise<boolean> {
  stats ??= await articleTableStats(poolSql(pool));
  if (!stats || !isNeglected(stats)) return false;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const locked = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1) AS locked`, [
      VACUUM_LOCK_KEY,
    ]);
    if (!locked.rows[0].locked) return false;
    try {
      // ArticleKeys gets a dead row for each classified article (inserted with the article, updated once indexed).
      await client.query(`VACUUM "Article", "ArticleKeys"`);
    } finally {
      await client.query(`SELECT pg_advisory_unlock($1)`, [VACUUM_LOCK_KEY]);
    }
    return true;
  } catch (error) {
    broken = error as Error; // the session lock may still be held: the connection must not go back to the pool
    throw error;
  } finally {
    client.release(broken);
  }
}

export async function storyKeyFrequencies(db: Sql): Promise<KeyFrequencies> {
  const rows = await db.query<{
    total: number;
    keys: string[] | null;
    shares: number[] | null;
    bandTotal: number;
    bands: number[] | null;
    bandShares: number[] | null;
  }>(
    `SELECT greatest((SELECT reltuples FROM pg_class WHERE oid = '"Article"'::regclass), 0)::float8 AS total,
            (SELECT s.most_common_elems::text::text[] FROM pg_stats s
              WHERE s.schemaname = current_schema() AND s.tablename = 'Article' AND s.attname = 'storyKeys') AS keys,
            (SELECT s.most_common_elem_freqs::float8[] FROM pg_stats s
              WHERE s.schemaname = current_schema() AND s.tablename = 'Article' AND s.attname = 'storyKeys') AS shares,
            greatest((SELECT reltuples FROM pg_class WHERE oid = '"ArticleKeys"'::regclass), 0)::float8 AS "bandTotal",
            (SELECT s.most_common_elems::text::int4[] FROM pg_stats s
              WHERE s.schemaname = current_schema() AND s.tablename = 'ArticleKeys' AND s.attname = 'bandHashes')
              AS bands,
            (SELECT s.most_common_elem_freqs::float8[] FROM pg_stats s
              WHERE s.schemaname = current_schema() AND s.tablename = 'ArticleKeys' AND s.attname = 'bandHashes')
              AS "bandShares"`,
  );
  const row = rows[0];
  const total = row?.total ?? 0;
  // Each shares list ends with three summary figures (min, max, null share) after one share per element.
  const articles = new Map((row?.keys ?? []).map((key, i) => [key, (row?.shares?.[i] ?? 0) * total]));
  const bandTotal = row?.bandTotal ?? 0;
  const bandArticles = new Map((row?.bands ?? []).map((key, i) => [key, (row?.bandShares?.[i] ?? 0) * bandTotal]));
  return {
    total,
    articlesWith: (key) => articles.get(key) ?? 0,
    articlesWithBand: (band, hash) => bandArticles.get(bandKeyOf(hash, band)) ?? 0,
  };
}

/** Article ids in id order after `cursor` (published, or undated and fetched, since `since`): reclassify's pages. */
export async function articleIdsAfter(
  db: Db,
  since: Date | undefined,
  cursor: string | undefined,
  take: number,
): Promise<string[]> {
  const where = reclassifiable(since);
  const rows = await db.article.findMany({
    where: cursor ? { AND: [where, { id: { gt: cursor } }] } : where,
    orderBy: { id: "asc" },
    take,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

export async function countArticlesSince(db: Db, since: Date | undefined): Promise<number> {
  return db.article.count({ where: reclassifiable(since) });
}

/**
 * The articles a reclassification curates again: those with their text complete. Not the ones the pipeline gave up
 * on (their fetch or curation threw every time: curating one again would most likely throw and stop the whole
 * reclassification), and not the `listed` ones: curating an article whose page is still to be fetched would mark it curated, and
 * its fetch job would then leave the page unstored (saveArticlePage stores only into a listed article). Their
 * curation, after the fetch, uses the configuration of the day anyway.
 */
function reclassifiable(since: Date | undefined): Prisma.ArticleWhereInput {
  const complete: Prisma.ArticleWhereInput = { stage: { in: ["fetched", "curated"] } };
  if (!since) return complete;
  return { ...complete, OR: [{ publishedAt: { gte: since } }, { publishedAt: null, fetchedAt: { gte: since } }] };
}
