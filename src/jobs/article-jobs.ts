// The fetch and curate queues as the recovery sweep sees them (src/ingest/recover-articles.ts): where each
// article's job stands, and starting it again.
import { Job } from "bullmq";
import type { ArticleJob, ArticleJobs, ArticleStep } from "../ingest/recover-articles.ts";
import { addJobs, jobIds, type FollowUp, type Queues } from "./queues.ts";
import type { FinishedState } from "./requeue.ts";

const QUEUE_OF = { fetch: "fetch-article", curate: "curate-article" } as const;
const JOB_ID_OF = { fetch: jobIds.fetchArticle, curate: jobIds.curateArticle };

/** The jobs of these articles' step, for `ingest --wait` to follow. */
export function articleFollowUps(step: ArticleStep, articleIds: string[]): FollowUp[] {
  return articleIds.map((id) => ({ queue: QUEUE_OF[step], jobId: JOB_ID_OF[step](id) }));
}

export function articleJobsIn(queues: Queues): ArticleJobs {
  return {
    states: async (step, articleIds) => {
      const queue = queues[QUEUE_OF[step]];
      const states = await Promise.all(articleIds.map((id) => jobOf(queue, JOB_ID_OF[step](id))));
      return new Map(articleIds.map((id, i) => [id, states[i]]));
    },
    // A completed job is revived too: its article is unfinished, whatever the job reported.
    restart: async (step, articleIds) => {
      await enqueueArticleJobs(queues, step, articleIds, { revive: ["failed", "completed"] });
    },
  };
}

async function jobOf(queue: Queues["fetch-article"], jobId: string): Promise<ArticleJob> {
  const state = await queue.getJobState(jobId);
  if (state === "unknown") return { state: "missing" };
  if (state === "completed") return { state: "completed" };
  if (state !== "failed") return { state: "in-flight" };
  // Removed by retention between the two lookups: as good as missing.
  const job = await Job.fromId(queue, jobId);
  return job ? { state: "failed", reason: job.failedReason ?? "" } : { state: "missing" };
}

/**
 * Adds the jobs of these articles' step (one job id per article, so an article already queued is not queued twice);
 * a finished job of theirs in one of `revive`'s states runs again (addJobs). Returns them as follow-ups.
 */
export async function enqueueArticleJobs(
  queues: Queues,
  step: ArticleStep,
  articleIds: string[],
  { revive, sourceId }: { revive?: FinishedState[]; sourceId?: string } = {},
): Promise<FollowUp[]> {
  const data = (articleId: string) => (sourceId ? { articleId, sourceId } : { articleId });
  const jobs = articleIds.map((articleId) => ({ data: data(articleId), jobId: JOB_ID_OF[step](articleId) }));
  await addJobs(queues, QUEUE_OF[step], jobs, revive);
  return articleFollowUps(step, articleIds);
}
