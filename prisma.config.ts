// Prisma 6.19 with the JS/Wasm engines only: no native binary is downloaded (see README, "Database").
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseUrl } from "./src/store/database-url.ts";

// The schema's `url = env("DATABASE_URL")` must resolve even for `prisma generate`: when it does not, the CLI
// cannot read the generator block and falls back to downloading a native engine.
process.env.DATABASE_URL = databaseUrl();

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    const { createPool } = await import("./src/store/pool.ts");
    return new PrismaPg(createPool(databaseUrl()), { disposeExternalPool: true });
  },
});
