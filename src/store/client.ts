import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.ts";
import { createPool } from "./pool.ts";
import { databaseUrl } from "./database-url.ts";

export type Db = InstanceType<typeof PrismaClient>;

/** The one way the application opens Postgres: Prisma over node-postgres, no native engine. */
export function createDb(url: string = databaseUrl(), poolSize = 10): Db {
  return new PrismaClient({ adapter: new PrismaPg(createPool(url, poolSize), { disposeExternalPool: true }) });
}
