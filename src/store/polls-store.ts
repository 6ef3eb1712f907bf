import type { DroppedItem, PollStatus } from "../model.ts";
import type { Db } from "./client.ts";
import { toDbPollStatus } from "./pipeline-states.ts";

export interface PollRecord {
  sourceId: string;
  startedAt: Date;
  finishedAt: Date;
  status: PollStatus;
  httpStatus?: number;
  itemsSeen: number;
  newItems: number;
  error?: string;
  /** Items of the document that were not stored, with why. */
  dropped?: DroppedItem[];
}

// A document can drop thousands of items the same way; the first ones and a count say enough.
const MAX_DROPPED_RECORDED = 100;

export async function recordPoll(db: Db, poll: PollRecord): Promise<void> {
  const { dropped, ...fields } = poll;
  const recorded = dropped?.length ? cappedDrops(dropped) : undefined;
  await db.poll.create({
    data: {
      ...fields,
      status: toDbPollStatus(poll.status),
      dropped: recorded,
      durationMs: poll.finishedAt.getTime() - poll.startedAt.getTime(),
    },
  });
}

function cappedDrops(dropped: DroppedItem[]) {
  const listed = dropped.slice(0, MAX_DROPPED_RECORDED).map(({ item, reason }) => ({ item, reason }));
  const more = dropped.length - listed.length;
  return more > 0 ? [...listed, { item: `${more} more items`, reason: "not listed" }] : listed;
}
