// Classification and story clustering of a batch of plain records, entirely in memory: what `silkwire classify`
// prints and what the evaluation script measures. The same orchestration as the curate job, on a memory store.
import type { Classification } from "../model.ts";
import { recordArticle, type ArticleRecord, type CuratedRecord } from "../curate/article-record.ts";
import type { CurateContext } from "../curate/curate-context.ts";
import { MemoryStoryStore } from "../curate/memory-story-store.ts";
import { curateArticle } from "./curate-article.ts";

export async function curateRecords(records: ArticleRecord[], context: CurateContext): Promise<CuratedRecord[]> {
  const store = new MemoryStoryStore();
  for (const record of records) {
    store.add(recordArticle(record));
    await curateArticle(record.id, store, context);
  }
  return records.map((record) => ({
    id: record.id,
    ...(store.classificationOf(record.id) as Classification),
    storyId: store.storyKeyOf(record.id) as string,
    duplicateOf: store.duplicateOfId(record.id),
  }));
}
