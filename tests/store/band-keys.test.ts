// An article's LSH bands are stored as 32-bit keys (Article.bandHashes). The migration that replaced the LshBand
// rows computed those keys in SQL: they must be exactly what bandKeysOf gives, or stored articles would stop
// finding their copies.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT, useTestDatabase } from "../helpers/services.ts";
import { bandKeysOf } from "../../src/store/story-store.ts";
import { lshBandHashes, signatureOf } from "../../src/curate/minhash.ts";

const test = useTestDatabase();
const MIGRATION = path.join(PROJECT_ROOT, "prisma/migrations/20261201130000_band_hashes/migration.sql");

describe("band keys", () => {
  it("fold the band's index in: one hash in two bands gives two keys; sorted and distinct", () => {
    expect(bandKeysOf([5n, 5n])).toHaveLength(2);
    const keys = bandKeysOf(lshBandHashes(signatureOf("Freight trains through Khorgos doubled this year.")));
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every((k) => Number.isInteger(k) && k >= -(2 ** 31) && k < 2 ** 31)).toBe(true);
  });

  it("are what the migration computed from the LshBand rows it replaced", async () => {
    const texts = ["Tashkent and Beijing signed a water agreement.", "Астана и Пекин подписали соглашение о транзите."];
    const bandsOf = texts.map((text) => lshBandHashes(signatureOf(text)));
    await test.db.source.create({ data: { id: "s", name: "s", url: "https://s.example/", type: "feed" } });
    const ids: string[] = [];
    for (const [i, text] of texts.entries()) {
      const url = `https://s.example/${i}`;
      ids.push(
        (
          await test.db.article.create({
            data: { url, canonicalKey: url, originalUrl: url, sourceId: "s", title: text },
          })
        ).id,
      );
    }
    // The table as it was, holding these articles' bands, and the migration's own statement run over it.
    await test.db.$executeRaw`CREATE TEMP TABLE "LshBand" ("articleId" uuid, band int, hash bigint)`;
    for (const [i, bands] of bandsOf.entries())
      for (const [band, hash] of bands.entries())
        await test.db.$executeRaw`INSERT INTO "LshBand" VALUES (${ids[i]}::uuid, ${band}, ${hash})`;
    const backfill = readFileSync(MIGRATION, "utf8")
      .split(";")
      .map((statement) => statement.replace(/^\s*--.*$/gm, "").trim())
      .find((statement) => statement.startsWith(`UPDATE "Article"`));
    expect(backfill).toBeDefined();
    await test.db.$executeRawUnsafe(backfill as string);
    for (const [i, id] of ids.entries()) {
      const [row] = await test.db.$queryRaw<Array<{ keys: number[] }>>`
        SELECT "bandHashes" AS keys FROM "Article" WHERE id = ${id}::uuid`;
      expect(row.keys).toEqual(bandKeysOf(bandsOf[i]));
    }
  });
});
