// The reference `npm run bench:ingest` compares Silkwire with: the least work that still gets the same pages into
// Postgres (undici fetch + one plain INSERT each), then our own article extractor over the stored pages, as
// `silkwire extract --batch` runs it. Run as a child process so its CPU time is its own.
// Usage: node scripts/bench/ingest-reference.ts URLS.json DATABASE_URL   → one JSON line of figures on stdout
import { readFileSync } from "node:fs";
import pg from "pg";
import { request } from "undici";
import { extractArticle } from "../../src/parsers/article/index.ts";

const [urlsFile, databaseUrl] = process.argv.slice(2);
const urls: string[] = JSON.parse(readFileSync(urlsFile, "utf8"));
const CONCURRENCY = 16;

const pool = new pg.Pool({ connectionString: databaseUrl, max: CONCURRENCY });
await pool.query(`CREATE TABLE IF NOT EXISTS reference_page (url text PRIMARY KEY, html text NOT NULL)`);
await pool.query(`TRUNCATE reference_page`);

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

const fetchStart = process.cpuUsage();
const wallStart = performance.now();
const pages = new Map<string, string>();
let next = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < urls.length) {
      const url = urls[next++];
      const response = await request(url);
      const html = await response.body.text();
      await pool.query(`INSERT INTO reference_page (url, html) VALUES ($1, $2)`, [url, html]);
      pages.set(url, html);
    }
  }),
);
const fetchCpu = cpuMs(process.cpuUsage(fetchStart));
const fetchWall = performance.now() - wallStart;

const extractStart = process.cpuUsage();
let extracted = 0;
for (const [url, html] of pages) if (extractArticle(html, url).text) extracted++;
const extractCpu = cpuMs(process.cpuUsage(extractStart));

const { rows } = await pool.query(`SELECT count(*)::int AS n FROM reference_page`);
await pool.end();
process.stdout.write(
  JSON.stringify({
    pages: urls.length,
    stored: rows[0].n,
    extracted,
    fetchInsertCpuMs: fetchCpu,
    extractCpuMs: extractCpu,
    fetchInsertWallMs: fetchWall,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }) + "\n",
);
