// A burst: one feed with N new items at once (full text in the feed), ingested with `silkwire ingest --wait`
// against a local server, a fresh database and real queues. Prints wall time and articles per second.
// Usage: node scripts/bench-burst.ts [N=2000]   (needs Postgres and Redis as for npm test)
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { ensureDatabase, applyMigrations } from "../src/store/migrate.ts";
import { createDb } from "../src/store/client.ts";

const count = Number(process.argv[2] ?? 2000);
const PLACES = ["Almaty", "Tashkent", "Bishkek", "Dushanbe", "Ashgabat", "Urumqi", "Xi'an", "Khorgos", "Aktau", "Osh"];
const GOODS = ["grain", "copper", "cotton", "solar panels", "trucks", "fertiliser", "steel pipes", "electronics"];

function item(i: number): string {
  const place = PLACES[i % PLACES.length];
  const goods = GOODS[(i * 7) % GOODS.length];
  const body = Array.from(
    { length: 6 },
    (_, p) =>
      `<p>Shipment ${i}-${p}: ${1000 + ((i * 37 + p * 11) % 9000)} tonnes of ${goods} left ${place} for China on day ${(i % 28) + 1}, officials said, in a deal number ${i * 13 + p}.</p>`,
  ).join("");
  return `<item><title>Cargo ${i}: ${goods} from ${place} to China</title><link>http://127.0.0.1/burst/${i}</link><guid>burst-${i}</guid>
<pubDate>${new Date(Date.UTC(2026, 10, 1 + (i % 20), i % 24)).toUTCString()}</pubDate><content:encoded><![CDATA[${body}]]></content:encoded></item>`;
}

const feed = `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Burst</title>${Array.from({ length: count }, (_, i) => item(i)).join("")}</channel></rss>`;
const server = createServer(
  (_req, res) => void res.writeHead(200, { "content-type": "application/rss+xml" }).end(feed),
);
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `postgresql://postgres@127.0.0.1:5432/silkwire_burst_${randomBytes(3).toString("hex")}`;
await ensureDatabase(url);
await applyMigrations(url);
const configDir = mkdtempSync(path.join(tmpdir(), "silkwire-burst-"));
writeFileSync(
  path.join(configDir, "sources.yaml"),
  `allowPrivateNetworks: true\nsources:\n  - { id: burst, name: Burst, url: "http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml", type: feed }\n`,
);
const started = performance.now();
// Not spawnSync: the feed is served from this process, whose event loop must keep running.
const child = spawn(process.execPath, ["src/cli/main.ts", "ingest", "--wait"], {
  env: {
    ...process.env,
    DATABASE_URL: url,
    SILKWIRE_CONFIG_DIR: configDir,
    SILKWIRE_QUEUE_PREFIX: `burst-${randomBytes(3).toString("hex")}`,
  },
  stdio: ["ignore", "pipe", "inherit"],
});
let stdout = "";
child.stdout.on("data", (chunk) => (stdout += chunk));
await new Promise((resolve) => child.on("close", resolve));
const run = { stdout };
const seconds = (performance.now() - started) / 1000;
server.close();
const db = createDb(url, 1);
const stored = await db.article.count();
const curated = await db.article.count({ where: { classifiedAt: { not: null } } });
const stories = await db.story.count();
await db.$disconnect();
const admin = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, "/postgres") });
await admin.connect();
await admin.query(`DROP DATABASE "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
await admin.end();
console.log(run.stdout.trim().split("\n").at(-1));
console.log(
  `${count} items: ${stored} stored, ${curated} curated, ${stories} stories in ${seconds.toFixed(1)} s (${(curated / seconds).toFixed(0)} articles/s end to end)`,
);
