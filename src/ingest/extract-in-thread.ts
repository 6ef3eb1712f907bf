// Article extraction off the main thread. Extraction is linear but not cheap (a 2 MB page of pure paragraphs takes
// over a second here), and a worker process's event loop also renews job locks and serves other queues, so pages
// are extracted in one worker thread per process, one at a time, each under a deadline. A page over the deadline
// costs that thread (it is terminated and replaced), never the process.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker, type ResourceLimits } from "node:worker_threads";
import type { ExtractedArticle } from "../model.ts";
import { ParseError } from "../parsers/errors.ts";
import type { ExtractTask } from "./extract-worker.ts";

export const EXTRACT_DEADLINE_MS = 10_000;

// The thread's module sits beside this one: `.ts` when run from the sources, `.js` in the image (compiled there).
const MODULE_EXTENSION = path.extname(fileURLToPath(import.meta.url));

// A page is read to at most 2 MB (html-limits.ts). Building and scoring the DOM of one that size takes up to ~90 MB
// of heap when it is dense with links or table cells (48 MB failed pages of 1 MB), so the old generation may grow
// to 128 MB; the heap grows only as far as pages need, and news pages of tens of KB keep it small. Without any
// limit the thread's heap grew like the main thread's and added 100+ MB to a worker in a burst. A page that
// exhausts the limits kills only the thread (an "error" event: the page fails, the next one gets a fresh thread).
export const THREAD_HEAP_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 4 };

// A thread idle this long is stopped, and the next page starts another (loading it costs a few hundred ms of CPU).
// After a burst of pages a worker curates for minutes, and between polls it waits: the heap the pages grew would
// otherwise stay resident all that time.
export const EXTRACT_IDLE_MS = 15_000;

interface Pending {
  task: ExtractTask;
  resolve: (article: ExtractedArticle) => void;
  reject: (error: Error) => void;
}

type Result = { id: number; article: ExtractedArticle } | { id: number; error: string };
type Reply = Result | { ready: true };

export interface ThreadedExtractor {
  extract(html: string, url: string, contentType?: string): Promise<ExtractedArticle>;
  close(): Promise<void>;
  /** Threads started so far: the first, one after each page over the deadline or failed thread, one after each idle stop. */
  readonly threadsStarted: number;
}

export function createThreadedExtractor(
  deadlineMs = EXTRACT_DEADLINE_MS,
  heapLimits: ResourceLimits = THREAD_HEAP_LIMITS,
  idleMs = EXTRACT_IDLE_MS,
): ThreadedExtractor {
  const queue: Pending[] = [];
  let worker: Worker | undefined;
  let ready = false;
  let running: { pending: Pending; timer: NodeJS.Timeout } | undefined;
  let nextId = 1;
  let threadsStarted = 0;
  let idleTimer: NodeJS.Timeout | undefined;
  // Once closed, no page starts a thread again (see closeSharedExtractor).
  let closed = false;

  const spawn = (): Worker => {
    threadsStarted++;
    const thread = new Worker(new URL(`./extract-worker${MODULE_EXTENSION}`, import.meta.url), {
      execArgv: [],
      resourceLimits: heapLimits,
    });
    thread.on("message", (reply: Reply) => {
      if (thread !== worker) return; // a thread already stopped or replaced
      if ("ready" in reply) {
        ready = true;
        next();
      } else finish(reply);
    });
    thread.on("error", (error) => {
      if (thread !== worker) return;
      const failure = (url: string) => new ParseError(url, `extractor thread failed: ${error.message}`);
      if (running) return fail(failure(running.pending.task.url));
      // The thread died before taking a page (it could not load): nothing queued would ever run.
      for (const pending of queue.splice(0)) pending.reject(failure(pending.task.url));
      worker = undefined;
      ready = false;
    });
    return thread;
  };
  const finish = (reply: Result) => {
    if (!running || reply.id !== running.pending.task.id) return;
    const { pending, timer } = running;
    clearTimeout(timer);
    running = undefined;
    if ("article" in reply) pending.resolve(reply.article);
    else pending.reject(new ParseError(pending.task.url, reply.error.replace(`${pending.task.url}: `, "")));
    next();
  };
  const fail = (error: Error) => {
    if (!running) return;
    clearTimeout(running.timer);
    running.pending.reject(error);
    running = undefined;
    void worker?.terminate();
    worker = undefined;
    ready = false;
    next();
  };
  const stopIdleThread = () => {
    idleTimer = undefined;
    if (running || queue.length > 0 || !worker) return;
    const idle = worker;
    worker = undefined;
    ready = false;
    void idle.terminate();
  };
  const next = () => {
    clearTimeout(idleTimer);
    idleTimer = undefined;
    // Held (ref) while there is work, so a caller awaiting a page keeps the process alive; an idle extractor must
    // not keep a finished command from exiting.
    if (queue.length === 0 && !running && worker) {
      worker.unref();
      if (!closed) idleTimer = setTimeout(stopIdleThread, idleMs).unref();
    }
    if (running || queue.length === 0 || closed) return;
    worker ??= spawn();
    worker.ref();
    if (!ready) return; // called again once the thread has loaded
    const pending = queue.shift()!;
    const timer = setTimeout(
      () => fail(new ParseError(pending.task.url, `extraction took longer than ${deadlineMs} ms; page skipped`)),
      deadlineMs,
    );
    running = { pending, timer };
    worker.postMessage(pending.task);
  };

  return {
    extract: (html, url, contentType) =>
      new Promise((resolve, reject) => {
        if (closed) return reject(new Error("extractor closed"));
        queue.push({ task: { id: nextId++, html, url, contentType }, resolve, reject });
        next();
      }),
    get threadsStarted() {
      return threadsStarted;
    },
    close: async () => {
      closed = true;
      clearTimeout(idleTimer);
      for (const pending of queue.splice(0)) pending.reject(new Error("extractor closed"));
      if (running) fail(new Error("extractor closed"));
      await worker?.terminate();
      worker = undefined;
      ready = false;
    },
  };
}
