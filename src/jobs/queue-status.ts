import { QUEUE_NAMES, type QueueName, type Queues } from "./queues.ts";
import { SCHEDULER_PREFIX } from "./scheduler.ts";

export interface QueueDepth {
  queue: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export interface FailedJob {
  queue: QueueName;
  jobId: string;
  /** The source or article the job was for. */
  subject: string;
  attempts: number;
  failedAt: Date | null;
  reason: string;
}

/** Jobs per state in every queue of the registry. */
export async function queueDepths(queues: Queues): Promise<QueueDepth[]> {
  return Promise.all(
    QUEUE_NAMES.map(async (queue) => {
      const counts = await queues[queue].getJobCounts("waiting", "prioritized", "active", "delayed", "failed");
      const { waiting = 0, prioritized = 0, active = 0, delayed = 0, failed = 0 } = counts;
      return { queue, waiting: waiting + prioritized, active, delayed, failed };
    }),
  );
}

/** The most recent failed jobs of every queue (at most `perQueue` each), newest first, with BullMQ's reason. */
export async function recentFailures(queues: Queues, perQueue = 5): Promise<FailedJob[]> {
  const lists = await Promise.all(
    QUEUE_NAMES.map(async (queue) =>
      (await queues[queue].getFailed(0, perQueue - 1)).flatMap((job) =>
        job?.id
          ? [
              {
                queue,
                jobId: job.id,
                subject: subjectOf(job.data),
                attempts: job.attemptsMade,
                failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
                reason: job.failedReason ?? "",
              },
            ]
          : [],
      ),
    ),
  );
  return lists.flat().sort((a, b) => (b.failedAt?.getTime() ?? 0) - (a.failedAt?.getTime() ?? 0));
}

function subjectOf(data: unknown): string {
  const { sourceId, articleId } = (data ?? {}) as { sourceId?: string; articleId?: string };
  return sourceId ? `source ${sourceId}` : articleId ? `article ${articleId}` : "";
}

/** When each source's poll scheduler fires next (key: source id). */
export async function scheduledPolls(queues: Queues): Promise<Map<string, Date>> {
  const schedulers = await queues["poll-source"].getJobSchedulers(0, -1);
  return new Map(
    schedulers.flatMap((s) =>
      s.key.startsWith(SCHEDULER_PREFIX) && s.next
        ? [[s.key.slice(SCHEDULER_PREFIX.length), new Date(s.next)] as const]
        : [],
    ),
  );
}
