// Stories of one week, written straight into a test database the way the curation stage leaves them.
import type { Db } from "../../src/store/client.ts";

export interface SeedStory {
  key: string;
  title: string;
  text: string;
  topics: string[];
  countries: string[];
  relevance?: number;
  /** Outlets (source ids) that carried it; the first copy is the representative. */
  outlets: string[];
  publishedAt: Date;
  url?: string;
}

export const OUTLETS = ["astana-times", "kazinform", "xinhua", "gazeta-uz", "akipress"];

export async function seedSources(db: Db, ids: string[] = OUTLETS): Promise<void> {
  for (const id of ids) {
    const name = id.replace(/(^|-)(\w)/g, (_, dash: string, c: string) => `${dash ? " " : ""}${c.toUpperCase()}`);
    await db.source.upsert({
      where: { id },
      create: { id, name, url: `https://${id}.example/feed`, type: "feed" },
      update: {},
    });
  }
}

export async function seedStory(db: Db, story: SeedStory): Promise<string> {
  const created = await db.story.create({
    data: {
      key: story.key,
      title: story.title,
      firstSeenAt: story.publishedAt,
      lastSeenAt: story.publishedAt,
      relevant: true,
      relevance: story.relevance ?? 0.8,
      topics: story.topics,
      countries: story.countries,
      articleCount: story.outlets.length,
      outletCount: story.outlets.length,
    },
  });
  let representative: string | undefined;
  for (const [i, outlet] of story.outlets.entries()) {
    const url = i === 0 && story.url ? story.url : `https://${outlet}.example/${story.key}`;
    const article = await db.article.create({
      data: {
        url,
        canonicalKey: url,
        originalUrl: url,
        sourceId: outlet,
        title: story.title,
        text: story.text,
        publishedAt: new Date(story.publishedAt.getTime() + i * 3_600_000),
        fetchedAt: new Date(story.publishedAt.getTime() + i * 3_600_000 + 600_000),
        relevant: true,
        relevance: story.relevance ?? 0.8,
        topics: story.topics,
        countries: story.countries,
        storyId: created.id,
        classifiedAt: new Date(),
      },
    });
    representative ??= article.id;
  }
  await db.story.update({ where: { id: created.id }, data: { representativeArticleId: representative } });
  return created.id;
}

/** Monday 16 June 2025, 10:00 in Almaty (UTC+5): inside 2025-W25. */
export const W25 = new Date("2025-06-16T05:00:00Z");

export const WEEK_STORIES: SeedStory[] = [
  {
    key: "summit",
    title: "Xi and Tokayev open the China–Central Asia summit in Astana",
    text: "Leaders of China and the five Central Asian states met in Astana on Tuesday. They signed a treaty of permanent good-neighbourliness. The next summit will be held in China in 2027. Officials also discussed trade.",
    topics: ["diplomacy"],
    countries: ["CN", "KZ"],
    outlets: ["astana-times", "xinhua", "kazinform"],
    publishedAt: new Date(W25.getTime() + 86_400_000),
  },
  {
    key: "railway",
    title: "Work starts on the China–Kyrgyzstan–Uzbekistan railway tunnel",
    text: "Construction crews began boring the first tunnel of the CKU railway. The line will shorten freight routes to Europe.",
    topics: ["transport_infrastructure"],
    countries: ["CN", "KG", "UZ"],
    outlets: ["akipress", "gazeta-uz"],
    publishedAt: new Date(W25.getTime() + 2 * 86_400_000),
  },
  {
    key: "gas",
    title: "Turkmenistan raises gas exports to China",
    text: "Turkmen gas deliveries through the Central Asia–China pipeline rose by a tenth. CNPC confirmed the figures.",
    topics: ["energy"],
    countries: ["CN", "TM"],
    outlets: ["xinhua"],
    publishedAt: new Date(W25.getTime() + 3 * 86_400_000),
  },
];
