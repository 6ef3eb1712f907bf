import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Integration tests share one Postgres and one Redis; each file uses its own database and queue prefix.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
