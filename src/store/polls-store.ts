import type { Db } from "./client.ts";

export interface PollRecord {
  sourceId: string;
  startedAt: Date;
  finishedAt: Date;
  status: "ok" | "not-modified" | "failed" | "skipped";
  httpStatus?: number;
  itemsSeen: number;
  newItems: number;
  error?: string;
}

export async function recordPoll(db: Db, poll: PollRecord): Promise<void> {
  await db.poll.create({
    data: { ...poll, durationMs: poll.finishedAt.getTime() - poll.startedAt.getTime() },
  });
}
