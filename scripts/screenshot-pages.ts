// Screenshots of the web pages in Debian's headless Chromium, at phone and desktop widths, to look at before a
// release: node scripts/screenshot-pages.ts [OUT_DIR]  (needs: apt-get install -y chromium fonts-noto-cjk)
// Seeds a throwaway database with sample stories (hostile ones included), serves it, shoots, cleans up.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { createTestDatabase, deleteQueueKeys, TEST_REDIS_URL, uniqueQueuePrefix } from "../tests/helpers/services.ts";
import { seedStories, type SeedStory } from "../tests/helpers/seed-stories.ts";
import { HOSTILE, THREE_COPIES } from "../tests/publish/fixtures/stories.ts";
import { buildServer } from "../src/web/server.ts";
import { closeAll, DEFAULT_QUEUE_SETTINGS, openQueues } from "../src/jobs/queues.ts";
import { redisOptions } from "../src/jobs/connection.ts";
import { loadPublishing } from "../src/feeds/publish-context.ts";

const OUT = path.resolve(process.argv[2] ?? "/tmp/silkwire-screens");
// The server runs in this process, so Chromium must be waited for without blocking the event loop.
const SIZES = { phone: "390,1600", desktop: "1280,1200" };

const MORE: SeedStory[] = [
  {
    topics: ["energy", "diplomacy"],
    countries: ["CN", "TM"],
    copies: [
      {
        sourceId: "xinhua-zh",
        sourceName: "新华网",
        url: "https://www.news.cn/world/20261126/gas.html",
        title: "中国与土库曼斯坦签署天然气合作协议",
        text: "中国与土库曼斯坦在阿什哈巴德签署了关于天然气管道D线的合作协议。",
        language: "zh",
        publishedAt: "2026-11-26T06:00:00Z",
      },
      {
        sourceId: "tass",
        sourceName: "ТАСС",
        url: "https://tass.ru/ekonomika/2026112601",
        title: "Китай и Туркмения подписали соглашение о газопроводе",
        text: "Соглашение касается линии D газопровода Центральная Азия — Китай.",
        language: "ru",
        publishedAt: "2026-11-26T08:00:00Z",
      },
    ],
  },
  {
    topics: ["trade_economy"],
    countries: ["CN", "KG"],
    copies: [
      {
        sourceId: "24kg",
        sourceName: "24.kg",
        url: "https://24.kg/english/2026/11/25/torugart-trade",
        title: "Trade through Torugart checkpoint doubles as new customs terminal opens on the Kyrgyz side",
        text: "Trade volumes through the Torugart checkpoint doubled.",
        language: "en",
        publishedAt: "2026-11-25T10:00:00Z",
      },
    ],
  },
];

async function main(): Promise<void> {
  const database = await createTestDatabase();
  const prefix = uniqueQueuePrefix();
  const queues = openQueues(redisOptions(TEST_REDIS_URL), { ...DEFAULT_QUEUE_SETTINGS, prefix });
  await seedStories(database.db, [THREE_COPIES, HOSTILE, ...MORE]);
  const app = await buildServer({
    db: database.db,
    queues,
    publish: { db: database.db, ...loadPublishing(), publicUrl: "https://silkwire.example.org" },
    publicDir: "/nonexistent",
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  mkdirSync(OUT, { recursive: true });
  const pages = {
    front: "/",
    stories: "/stories",
    story: `/stories/${THREE_COPIES.id}`,
    hostile: `/stories/${HOSTILE.id}`,
  };
  try {
    for (const [name, url] of Object.entries(pages))
      for (const [device, size] of Object.entries(SIZES)) {
        const file = path.join(OUT, `${name}-${device}.png`);
        await promisify(execFile)(
          "chromium",
          [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--hide-scrollbars",
            `--window-size=${size}`,
            `--screenshot=${file}`,
            `${base}${url}`,
          ],
          { timeout: 60_000 },
        );
        process.stdout.write(`${file}\n`);
      }
  } finally {
    await app.close();
    await closeAll(Object.values(queues));
    await deleteQueueKeys(prefix);
    await database.drop();
  }
}

await main();
