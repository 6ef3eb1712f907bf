// Where an article gets its classification and its story: the one orchestration of the curate stage, used by the
// curate job (Postgres store) and by `silkwire classify` (memory store). Decisions are src/curate's; storage is
// the store's; this only calls them in order.
import type { ArticleIndex, StoryAssignment } from "../model.ts";
import { classifyArticle } from "../curate/classify-article.ts";
import { fingerprintOf, storyKeysOf, type IndexedFingerprint } from "../curate/article-fingerprint.ts";
import { clusterArticle } from "../curate/assign-story.ts";
import { encodeFingerprint } from "../curate/fingerprint-codec.ts";
import { StoredMembers } from "../curate/stored-fingerprints.ts";
import type { CurateContext } from "../curate/curate-context.ts";
import type { CurateStore } from "../curate/curate-store.ts";

/**
 * Classifies a stored article, indexes it and puts it into its story (creating, extending, merging or splitting stories).
 * Idempotent: a second run for the same article writes nothing. Returns undefined for an unknown id.
 */
export async function curateArticle(
  articleId: string,
  store: CurateStore,
  context: CurateContext,
): Promise<StoryAssignment | undefined> {
  const stored = await store.loadArticle(articleId);
  if (!stored) return undefined;
  const { article } = stored;
  const classification = classifyArticle({ title: article.title, text: article.text }, context.classifier);
  const fingerprint = fingerprintOf(article, context.gazetteer);
  const member = { article, classification, fingerprint };
  return store.underStoryLock(async (tx) => {
    await tx.saveCuration(articleId, classification, indexOf(fingerprint, context.fingerprintVersion));
    const candidates = new StoredMembers(tx, context);
    const { story, stories } = await clusterArticle(member, candidates, context);
    await tx.saveFingerprints(candidates.recomputed);
    // The article's story last: a story split off elsewhere in the window takes its new id first.
    for (const other of stories) if (other !== story) await tx.saveStoryAssignment(other);
    await tx.saveStoryAssignment(story);
    return story;
  });
}

function indexOf(fingerprint: IndexedFingerprint, version: string): ArticleIndex {
  return {
    contentHash: fingerprint.contentHash,
    storyKeys: storyKeysOf(fingerprint),
    bands: fingerprint.bands,
    fingerprint: encodeFingerprint(fingerprint, version),
  };
}
