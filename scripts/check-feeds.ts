// Robustness check over real feed documents: every file must give items or a clear error, never a crash.
// Usage: node scripts/check-feeds.ts DIR   (e.g. ../shared/fixtures/feeds)
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { decodeBody } from "../src/parsers/charset.ts";
import { parseFeed } from "../src/parsers/feed.ts";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/check-feeds.ts DIR");
  process.exit(2);
}
let crashes = 0;
for (const name of readdirSync(dir).sort()) {
  if (!/\.(xml|rss|atom|html?)(\.gz)?$/.test(name)) continue;
  let bytes: Uint8Array = readFileSync(path.join(dir, name));
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const { text, charset } = decodeBody(bytes, null);
  try {
    const feed = await parseFeed(text, `https://example.org/${name}`);
    const first = feed.items[0]?.title ?? "";
    console.log(
      `ok     ${name} [${charset}] ${feed.items.length} items${first ? `, first: ${first.slice(0, 60)}` : ""}`,
    );
  } catch (err) {
    const known = (err as Error).name === "ParseError";
    if (!known) crashes++;
    console.log(`${known ? "error " : "CRASH "} ${name} [${charset}] ${(err as Error).message}`);
  }
}
process.exitCode = crashes ? 1 : 0;
