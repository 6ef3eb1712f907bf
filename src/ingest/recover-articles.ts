// The recovery sweep: articles whose pipeline stopped (a worker died between two stages, or a job used up its
// retries while Postgres was down) are found here and their work is started again, a bounded batch at a time.
// An article whose work fails every time (a poison article: its content triggers a bug) is given up on instead of
// being retried forever: stage failed, with why, for the operator to see in `silkwire status`.
import type { Db } from "../store/client.ts";
import {
  countRestarts,
  givenUpArticles,
  handBackArticles,
  markArticlesFailed,
  stagesOf,
  takeUnfinishedArticles,
  type ArticleFailure,
  type UnfinishedArticle,
} from "../store/articles-store.ts";
import { isOutageFailure } from "./outage-errors.ts";

/** Per source and sweep: a few minutes of work for the workers, however large a backlog grew. */
export const RECOVERY_PER_SOURCE = 500;

/**
 * How often the sweep restarts an article's work before a further failure gives up on it. Each run of a job
 * already has its retries with backoff (minutes in all), and the sweep comes every 5 minutes: three restarts are
 * four runs over a quarter of an hour or more. A deterministic failure fails every one of them; a passing cause the
 * retries did not outlast (a deploy, a worker killed mid-job) is rarely there four times in a row. Connection
 * failures are never counted (outage-errors.ts), so an outage, however long, cannot use up the restarts.
 */
export const MAX_RESTARTS = 3;

/** The step an unfinished article waits for: its page fetch (listed) or its curation (fetched). */
export type ArticleStep = "fetch" | "curate";

/** Where the job of an article's next step stands. */
export type ArticleJob =
  | { state: "in-flight" } // waiting, delayed, prioritized or active: it will run, nothing to do
  | { state: "failed"; reason: string } // used up its retries; reason: the last error's message
  | { state: "completed" } // finished without finishing the article
  | { state: "missing" }; // never enqueued, or removed by retention

/** The job layer, as the sweep needs it. */
export interface ArticleJobs {
  /** The job of each article's step, by article id; an article without an entry has no job. */
  states(step: ArticleStep, articleIds: string[]): Promise<Map<string, ArticleJob>>;
  /** Runs the step of these articles again, reviving a job of theirs that failed or completed. */
  restart(step: ArticleStep, articleIds: string[]): Promise<void>;
}

export interface RecoveryOutcome {
  /** Articles whose work was started again, by step. */
  restarted: Record<ArticleStep, string[]>;
  /** Articles whose job is still queued or running, by step: left alone. */
  inFlight: Record<ArticleStep, string[]>;
  /** Articles given up on by this sweep (now stage failed). */
  failed: string[];
}

export type RecoveryAction =
  { action: "wait" } | { action: "restart"; counted: boolean } | { action: "give up"; lastError: string };

/**
 * What the sweep does with an unfinished article, given its job. A restart is counted when the job finished
 * without finishing the article (failed, completed, or gone), except after a failure that was an outage. Only a
 * failure gives up: a completed or vanished job has no error to show, and means state was lost (Redis or Postgres
 * restored from an older copy) rather than that the article cannot be processed.
 */
export function recoveryAction(recoveries: number, job: ArticleJob): RecoveryAction {
  if (job.state === "in-flight") return { action: "wait" };
  if (job.state !== "failed") return { action: "restart", counted: true };
  if (isOutageFailure(job.reason)) return { action: "restart", counted: false };
  return recoveries >= MAX_RESTARTS
    ? { action: "give up", lastError: job.reason }
    : { action: "restart", counted: true };
}

/** One sweep over at most RECOVERY_PER_SOURCE unfinished articles of each source (of `sourceIds`, or all). */
export async function recoverArticles(
  db: Db,
  jobs: ArticleJobs,
  sourceIds?: string[],
  now = new Date(),
): Promise<RecoveryOutcome> {
  const batch = await takeUnfinishedArticles(db, { perSource: RECOVERY_PER_SOURCE, sourceIds, now });
  const outcome: RecoveryOutcome = {
    restarted: { fetch: [], curate: [] },
    inFlight: { fetch: [], curate: [] },
    failed: [],
  };
  const counted: string[] = [];
  const givenUp: ArticleFailure[] = [];
  for (const step of ["fetch", "curate"] as const) {
    const { waiting, finished } = await jobsOf(db, jobs, step, batch);
    outcome.inFlight[step] = idsOf(waiting);
    for (const { article, job } of finished) {
      const next = recoveryAction(article.recoveries, job);
      if (next.action === "give up") {
        givenUp.push({ id: article.id, stage: article.stage, reason: givenUpReason(step, article, next.lastError) });
      } else {
        outcome.restarted[step].push(article.id);
        if (next.action === "restart" && next.counted) counted.push(article.id);
      }
    }
    await jobs.restart(step, outcome.restarted[step]);
  }
  await countRestarts(db, counted);
  outcome.failed = await markArticlesFailed(db, givenUp);
  return outcome;
}

/**
 * The batch's articles of one step, split by their job: still to run, or finished without finishing the article.
 * A job that completed since the batch was taken moved its article on first: those are read again and dropped,
 * so a job that just did its work is not taken for one that did not.
 */
async function jobsOf(db: Db, jobs: ArticleJobs, step: ArticleStep, batch: UnfinishedArticle[]) {
  const articles = batch.filter((a) => (a.stage === "listed" ? "fetch" : "curate") === step);
  const states = await jobs.states(step, idsOf(articles));
  const jobOf = (a: UnfinishedArticle): ArticleJob => states.get(a.id) ?? { state: "missing" };
  const finished = articles.filter((a) => jobOf(a).state !== "in-flight");
  const stages = await stagesOf(db, idsOf(finished));
  return {
    waiting: articles.filter((a) => jobOf(a).state === "in-flight"),
    finished: finished.filter((a) => stages.get(a.id) === a.stage).map((article) => ({ article, job: jobOf(article) })),
  };
}

const idsOf = (articles: UnfinishedArticle[]) => articles.map((a) => a.id);

// The reason starts with the step (stepGivenUpAt reads it back): the operator reads which step failed, and
// `retry-failed` knows where to start again.
function givenUpReason(step: ArticleStep, article: UnfinishedArticle, lastError: string): string {
  const restarts = `${article.recoveries} restart${article.recoveries === 1 ? "" : "s"}`;
  return `${step} failed again after ${restarts} by the recovery sweep; last error: ${lastError.trim()}`;
}

/** The step whose failure gave up on an article, from its reason; a reason of unknown form starts from the fetch. */
export function stepGivenUpAt(reason: string): ArticleStep {
  return reason.startsWith("curate ") ? "curate" : "fetch";
}

/**
 * Hands the articles given up on (of these sources, or all) back to the pipeline once their cause is fixed: each
 * goes back to the stage whose step failed, its restarts counted from zero, and that step's job runs again now.
 */
export async function handBackGivenUp(
  db: Db,
  jobs: Pick<ArticleJobs, "restart">,
  sourceIds?: string[],
): Promise<Record<ArticleStep, string[]>> {
  const articles = await givenUpArticles(db, sourceIds);
  const handedBack: Record<ArticleStep, string[]> = { fetch: [], curate: [] };
  for (const step of ["fetch", "curate"] as const) {
    const ids = articles.filter((a) => stepGivenUpAt(a.reason) === step).map((a) => a.id);
    handedBack[step] = await handBackArticles(db, ids, step === "fetch" ? "listed" : "fetched");
    await jobs.restart(step, handedBack[step]);
  }
  return handedBack;
}
