// Prisma enum members cannot contain "-", so the schema maps `no_article` to the stored "no-article" (@map). The
// rest of Silkwire speaks the stored spelling (model.ts); these convert at the store's edge.
import type { ExtractStatus, PollStatus as DbPollStatus } from "./generated/enums.ts";
import type { PollStatus, TextStatus } from "../model.ts";

export function toDbTextStatus(status: TextStatus): ExtractStatus {
  return status.replaceAll("-", "_") as ExtractStatus;
}

export function fromDbTextStatus(status: ExtractStatus): TextStatus {
  return status.replaceAll("_", "-") as TextStatus;
}

export function toDbPollStatus(status: PollStatus): DbPollStatus {
  return status.replaceAll("-", "_") as DbPollStatus;
}
