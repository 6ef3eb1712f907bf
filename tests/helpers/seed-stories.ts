// Stories written straight into a test database: what curation would have stored, without running it.
import { randomUUID } from "node:crypto";
import type { Db } from "../../src/store/client.ts";
import type { Prisma } from "../../src/store/generated/client.ts";

export interface SeedCopy {
  sourceId: string;
  sourceName?: string;
  url: string;
  title: string;
  text?: string;
  html?: string;
  language?: string;
  author?: string;
  publishedAt: string;
  /** When we stored it; defaults to publishedAt. */
  createdAt?: string;
}

export interface SeedStory {
  id?: string;
  topics?: string[];
  countries?: string[];
  relevance?: number;
  relevant?: boolean;
  evidence?: Array<{ term: string; kind: string; where: "title" | "lead" | "body" }>;
  /** The first copy is the representative. */
  copies: SeedCopy[];
}

/** Stores the stories (and their sources); returns their ids in order. */
export async function seedStories(db: Db, stories: SeedStory[]): Promise<string[]> {
  const sources = new Map(stories.flatMap((s) => s.copies.map((c) => [c.sourceId, c.sourceName ?? c.sourceId])));
  await db.source.createMany({
    data: [...sources].map(([id, name]) => ({ id, name, url: `https://${id}.example/feed`, type: "feed" })),
    skipDuplicates: true,
  });
  const storyRows: Prisma.StoryCreateManyInput[] = [];
  const articleRows: Prisma.ArticleCreateManyInput[] = [];
  for (const story of stories) {
    const id = story.id ?? randomUUID();
    const articleIds = story.copies.map(() => randomUUID());
    const dates = story.copies.map((c) => new Date(c.publishedAt).getTime());
    storyRows.push({
      id,
      key: `seed:${id}`,
      representativeArticleId: articleIds[0],
      title: story.copies[0].title,
      firstSeenAt: new Date(Math.min(...dates)),
      // Minted when its first copy was stored: a merge keeps the id minted first.
      createdAt: new Date(Math.min(...story.copies.map((c) => new Date(c.createdAt ?? c.publishedAt).getTime()))),
      lastSeenAt: new Date(Math.max(...dates)),
      articleCount: story.copies.length,
      outletCount: new Set(story.copies.map((c) => c.sourceId)).size,
      relevant: story.relevant ?? true,
      relevance: story.relevance ?? 0.8,
      topics: story.topics ?? [],
      countries: story.countries ?? [],
    });
    story.copies.forEach((copy, i) =>
      articleRows.push({
        id: articleIds[i],
        url: copy.url,
        canonicalKey: copy.url,
        originalUrl: copy.url,
        sourceId: copy.sourceId,
        title: copy.title,
        text: copy.text ?? null,
        html: copy.html ?? null,
        language: copy.language ?? null,
        author: copy.author ?? null,
        publishedAt: new Date(copy.publishedAt),
        createdAt: new Date(copy.createdAt ?? copy.publishedAt),
        storyId: id,
        relevant: story.relevant ?? true,
        relevance: story.relevance ?? 0.8,
        topics: story.topics ?? [],
        countries: story.countries ?? [],
        evidence: story.evidence ?? [],
        classifiedAt: new Date(copy.createdAt ?? copy.publishedAt),
      }),
    );
  }
  await db.story.createMany({ data: storyRows });
  await db.article.createMany({ data: articleRows });
  return storyRows.map((s) => s.id!);
}
