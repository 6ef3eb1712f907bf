// Stories of a set of articles by average linkage: start from single articles, repeatedly join the two groups
// whose members are most alike on average, stop when no pair of groups reaches the threshold. A single strong
// link cannot chain unrelated reports (a preview, the summit, a leader's later statement): the summit's report
// joins the preview only if the preview is, on average, as close to every member of the summit's story.
// Copies of one text are joined first whatever their neighbours. The members are put in a canonical order first
// and ties are broken by it, so the partition is a function of the set, not of the order articles arrived in.
import { compareArticles } from "./story-cluster.ts";
import type { StoryMember } from "./story-cluster.ts";
import { areCopies } from "./story-links.ts";
import { storySimilarity, TermWeights } from "./story-similarity.ts";
import type { StorySettings } from "../config/story-settings.ts";

/** Similarity of copies: above any threshold, so copies join before anything else. */
const COPY_SIMILARITY = 1;

/**
 * The matrix of one clustering, n × n in one array, reused by the next: a window of 500 members needs 2 MB, which
 * every curation used to allocate afresh (as 500 rows) for the garbage collector to free. Clustering is
 * synchronous, so no two clusterings use it at once.
 */
let scratch = new Float64Array(0);
/** Entries of the largest matrix kept for reuse (8 MB, a window of 1,000): a larger one is freed after its use. */
const SCRATCH_KEPT = 1_000_000;

/** Pairwise similarities of the members, row-major: link[i * n + j]. */
function similarityMatrix(members: StoryMember[], settings: StorySettings, weights: TermWeights): Float64Array {
  const n = members.length;
  let matrix = scratch;
  if (matrix.length < n * n) {
    matrix = new Float64Array(n * n);
    if (n * n <= SCRATCH_KEPT) scratch = matrix;
  }
  for (let i = 0; i < n; i++) {
    matrix[i * n + i] = 0;
    for (let j = i + 1; j < n; j++) {
      const copies = areCopies(members[i], members[j], settings);
      const s = copies ? COPY_SIMILARITY : storySimilarity(members[i], members[j], weights, settings);
      matrix[i * n + j] = s;
      matrix[j * n + i] = s;
    }
  }
  return matrix;
}

interface Group {
  indices: number[];
}

/** The stories of `members` (each a list in canonical order), by average linkage at the settings' threshold. */
export function clusterStories(members: StoryMember[], settings: StorySettings): StoryMember[][] {
  const ordered = [...members].sort((a, b) => compareArticles(a.article, b.article));
  const weights = new TermWeights(ordered.map((m) => m.fingerprint));
  const n = ordered.length;
  // link[p * n + q]: average similarity between groups p and q, kept up to date as groups join (UPGMA).
  const link = similarityMatrix(ordered, settings, weights);
  const groups: Array<Group | undefined> = ordered.map((_, i) => ({ indices: [i] }));
  for (;;) {
    // The pair of live groups with the highest average similarity (first in canonical order on a tie).
    let p = -1;
    let q = -1;
    let best = 0;
    for (let x = 0; x < n; x++) {
      if (!groups[x]) continue;
      for (let y = x + 1; y < n; y++) {
        if (groups[y] && (p < 0 || link[x * n + y] > best + 1e-12)) {
          p = x;
          q = y;
          best = link[x * n + y];
        }
      }
    }
    if (p < 0 || best < settings.sameStorySimilarity) break;
    const gp = groups[p] as Group;
    const gq = groups[q] as Group;
    const np = gp.indices.length;
    const nq = gq.indices.length;
    for (let r = 0; r < n; r++) {
      if (!groups[r] || r === p || r === q) continue;
      const joined = (np * link[p * n + r] + nq * link[q * n + r]) / (np + nq);
      link[p * n + r] = joined;
      link[r * n + p] = joined;
    }
    gp.indices.push(...gq.indices);
    groups[q] = undefined;
  }
  return groups.flatMap((g) => (g ? [g.indices.sort((a, b) => a - b).map((i) => ordered[i])] : []));
}
