// Worker-thread entry of the threaded extractor (extract-in-thread.ts): runs extractArticle on each message.
import { parentPort } from "node:worker_threads";
import { extractArticle } from "../parsers/article/index.ts";

export interface ExtractTask {
  id: number;
  html: string;
  url: string;
  contentType?: string;
}

// Loading the parsers takes a few hundred milliseconds; the deadline of a page starts only after this message.
parentPort?.postMessage({ ready: true });

parentPort?.on("message", (task: ExtractTask) => {
  try {
    const article = extractArticle(task.html, task.url, { contentType: task.contentType });
    parentPort!.postMessage({ id: task.id, article });
  } catch (error) {
    // Errors cross the thread boundary as plain data; the caller turns them back into a ParseError.
    parentPort!.postMessage({ id: task.id, error: error instanceof Error ? error.message : String(error) });
  }
});
