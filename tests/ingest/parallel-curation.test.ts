// Curations in parallel against a real Postgres: separate clients (as separate workers would have) curate one
// corpus at once, and the stories come out as a serial run makes them, whatever the order.
import { beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/services.ts";
import { createDb, type Db } from "../../src/store/client.ts";
import { PgCurateStore } from "../../src/store/curation-store.ts";
import { curateArticle, type CurationObserver } from "../../src/ingest/curate-article.ts";
import { curationMetrics } from "../../src/jobs/job-deps.ts";
import { registry } from "../../src/metrics/registry.ts";
import { loadTaxonomyFile } from "../../src/config/taxonomy-file.ts";
import { createCurateContext } from "../../src/curate/curate-context.ts";
import type { CurateStore } from "../../src/curate/curate-store.ts";
import { SYNDICATED, MEETINGS_A_MONTH_APART, TWO_MOUS_SAME_DAY } from "../curate/fixtures/stories.ts";
import type { FixtureArticle } from "../curate/fixtures/stories.ts";
import { storeFixtureArticles } from "../curate/fixtures/store-articles.ts";

const context = createCurateContext(loadTaxonomyFile("tests/curate/fixtures/taxonomy.yaml"));
const test = useTestDatabase();
const DAY_MS = 86_400_000;

// The fixtures five times over, 100 days apart: five syndicated stories of three reports and their look-alikes.
const CORPUS: FixtureArticle[] = [0, 1, 2, 3, 4].flatMap((k) =>
  [...SYNDICATED, ...MEETINGS_A_MONTH_APART, ...TWO_MOUS_SAME_DAY].map((a) => ({
    ...a,
    key: `${a.key}-${k}`,
    url: `${a.url}?copy=${k}`,
    publishedAt: new Date(Date.parse(a.publishedAt) + k * 100 * DAY_MS).toISOString(),
    // Identical texts are copies however far apart: each round of the corpus gets a closing line of its own.
    text: `${a.text}\nThis report is part of series ${k}.`,
  })),
);

beforeEach(async () => {
  await test.db.article.deleteMany();
  await test.db.storyAlias.deleteMany();
  await test.db.story.deleteMany();
  await test.db.source.deleteMany();
  const sources = [...new Set(CORPUS.map((a) => a.sourceId))];
  await test.db.source.createMany({
    data: sources.map((id) => ({ id, name: id, url: `https://${id}.example/`, type: "feed" })),
  });
});

async function storeArticles(articles: FixtureArticle[]): Promise<string[]> {
  return [...(await storeFixtureArticles(test.db, articles)).values()];
}

/** The stories as sets of URLs, and which URL each copy duplicates: what must not depend on the schedule. */
async function partition(): Promise<{ stories: string[][]; duplicates: string[] }> {
  const rows = await test.db.article.findMany({ select: { id: true, url: true, storyId: true, duplicateOfId: true } });
  const urlOf = new Map(rows.map((r) => [r.id, r.url]));
  const byStory = new Map<string, string[]>();
  for (const r of rows)
    byStory.set(r.storyId ?? `none:${r.url}`, [...(byStory.get(r.storyId ?? `none:${r.url}`) ?? []), r.url]);
  return {
    stories: [...byStory.values()].map((urls) => urls.sort()).sort((a, b) => a[0].localeCompare(b[0])),
    duplicates: rows.flatMap((r) => (r.duplicateOfId ? [`${r.url} -> ${urlOf.get(r.duplicateOfId)}`] : [])).sort(),
  };
}

/** mulberry32: the same shuffles on every run. */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Counts what the curations report, and passes it on to the metrics a worker serves. */
function counting(): CurationObserver & { refused: number; concurrent: number; alone: number } {
  const counts = { refused: 0, concurrent: 0, alone: 0 };
  return Object.assign(counts, {
    retried: (reason: "write refused" | "concurrent curation") => {
      void (reason === "write refused" ? counts.refused++ : counts.concurrent++);
      curationMetrics.retried?.(reason);
    },
    locked: () => {
      counts.alone++;
      curationMetrics.locked?.();
    },
  });
}

async function counted(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await registry.getSingleMetric(name)?.get())?.values ?? [];
  const match = metric.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value));
  return match?.value ?? 0;
}

/** Curates the articles with `curators` clients at once, each taking the next article of the queue. */
async function curateInParallel(ids: string[], curators: number, observer: CurationObserver): Promise<void> {
  const queue = [...ids];
  const clients: Db[] = Array.from({ length: curators }, () => createDb(test.url, 2));
  try {
    await Promise.all(
      clients.map(async (db) => {
        const store = new PgCurateStore(db);
        for (let id = queue.shift(); id; id = queue.shift()) await curateArticle(id, store, context, observer);
      }),
    );
  } finally {
    await Promise.all(clients.map((db) => db.$disconnect()));
  }
}

async function resetArticles(): Promise<void> {
  await test.db.article.deleteMany();
  await test.db.storyAlias.deleteMany();
  await test.db.story.deleteMany();
}

describe("parallel curation", () => {
  it("gives the stories of a serial run with four concurrent curators, in several orders", async () => {
    const ids = await storeArticles(CORPUS);
    const store = new PgCurateStore(test.db);
    for (const id of ids) await curateArticle(id, store, context);
    const serial = await partition();
    // Not a trivial partition: the syndicated reports share stories, the look-alikes do not.
    expect(serial.stories.filter((s) => s.length === 3)).toHaveLength(5);
    expect(serial.stories.length).toBeLessThan(CORPUS.length);
    const orders = [
      (x: string[]) => x,
      (x: string[]) => [...x].reverse(),
      (x: string[]) => shuffled(x, 7),
      (x: string[]) => shuffled(x, 11),
    ];
    const observer = counting();
    for (const order of orders) {
      await resetArticles();
      const parallelIds = await storeArticles(CORPUS);
      await curateInParallel(order(parallelIds), 4, observer);
      expect(await partition()).toEqual(serial);
      expect(await test.db.article.count({ where: { stage: { not: "curated" } } })).toBe(0);
    }
    // The curators did meet: four start at once on reports of one story.
    expect(observer.refused + observer.concurrent).toBeGreaterThan(0);
    // What a worker reports in /metrics is what happened.
    expect(await counted("silkwire_curation_retries_total", { reason: "write refused" })).toBe(observer.refused);
    expect(await counted("silkwire_curation_retries_total", { reason: "concurrent curation" })).toBe(
      observer.concurrent,
    );
    expect(await counted("silkwire_curations_locked_total")).toBe(observer.alone);
  }, 120_000);
});

/** Resolves for everyone once `parties` callers have called it; later calls pass at once. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let release: () => void = () => {};
  const all = new Promise<void>((resolve) => (release = resolve));
  return async () => {
    if (arrived < parties && ++arrived === parties) release();
    await all;
  };
}

/** A store that waits at `wait` between reading and writing: the interleaving a test wants, made certain. */
function pausingAfterRead(inner: CurateStore, wait: () => Promise<void>): CurateStore {
  return {
    loadArticle: (id) => inner.loadArticle(id),
    loadArticles: (ids) => inner.loadArticles(ids),
    readSnapshot: async (read) => {
      const result = await inner.readSnapshot(read);
      await wait();
      return result;
    },
    writeCuration: (write, snapshot) => inner.writeCuration(write, snapshot),
    curatedSince: (snapshot, exceptId) => inner.curatedSince(snapshot, exceptId),
    underStoryLock: (work) => inner.underStoryLock(work),
  };
}

/** Curates each article on a client of its own, all reading before any writes. */
async function curateReadingTogether(ids: string[], observer: CurationObserver): Promise<void> {
  const clients = ids.map(() => createDb(test.url, 2));
  const wait = barrier(ids.length);
  try {
    await Promise.all(
      ids.map((id, i) => curateArticle(id, pausingAfterRead(new PgCurateStore(clients[i]), wait), context, observer)),
    );
  } finally {
    await Promise.all(clients.map((db) => db.$disconnect()));
  }
}

async function expectOneStoryOf(articles: number): Promise<void> {
  const stories = await test.db.story.findMany();
  expect(stories).toHaveLength(1);
  expect(stories[0].articleCount).toBe(articles);
  expect(await test.db.article.count({ where: { storyId: stories[0].id } })).toBe(articles);
}

describe("concurrent curations of one story", () => {
  it("end in one story when two new reports are both read before either is written", async () => {
    const [wire, reprint] = await storeArticles(SYNDICATED.slice(0, 2));
    const observer = counting();
    await curateReadingTogether([wire, reprint], observer);
    // The second to commit found the first curated concurrently, and curated its article again.
    expect(observer.concurrent).toBeGreaterThan(0);
    await expectOneStoryOf(2);
  });

  it("refuse the write of a curation whose story changed after it read, and curate it again", async () => {
    const [wire, reprint, trimmed] = await storeArticles(SYNDICATED);
    await curateArticle(wire, new PgCurateStore(test.db), context);
    const observer = counting();
    // Both read the wire's story and decide to join it; the second writer finds it changed.
    await curateReadingTogether([reprint, trimmed], observer);
    expect(observer.refused).toBeGreaterThan(0);
    await expectOneStoryOf(3);
    expect(await test.db.article.count({ where: { duplicateOfId: wire } })).toBe(2);
  });

  it("refuse the write of a curation when an article it read without a story has been placed since", async () => {
    const [wire, reprint, trimmed] = await storeArticles(SYNDICATED);
    await curateArticle(trimmed, new PgCurateStore(test.db), context);
    // Curated and indexed, but its story gone: both curations below read it without one. It is the latest of the
    // three, so each would make a story of its own key with it; the second writer must not take it from the first.
    await test.db.article.update({ where: { id: trimmed }, data: { storyId: null } });
    await test.db.story.deleteMany();
    const observer = counting();
    await curateReadingTogether([wire, reprint], observer);
    expect(observer.refused).toBeGreaterThan(0);
    await expectOneStoryOf(3);
  });
});
