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

function similarityMatrix(members: StoryMember[], settings: StorySettings, weights: TermWeights): Float64Array[] {
  const n = members.length;
  const matrix = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const copies = areCopies(members[i], members[j], settings);
      const s = copies ? COPY_SIMILARITY : storySimilarity(members[i], members[j], weights, settings);
      matrix[i][j] = s;
      matrix[j][i] = s;
    }
  }
  return matrix;
}

interface Group {
  indices: number[];
}

/** The pair of live groups with the highest average similarity (first in canonical order on a tie). */
function bestPair(groups: Array<Group | undefined>, link: Float64Array[]): [number, number, number] | undefined {
  let best: [number, number, number] | undefined;
  for (let p = 0; p < groups.length; p++) {
    if (!groups[p]) continue;
    for (let q = p + 1; q < groups.length; q++) {
      if (groups[q] && (!best || link[p][q] > best[2] + 1e-12)) best = [p, q, link[p][q]];
    }
  }
  return best;
}

/** The stories of `members` (each a list in canonical order), by average linkage at the settings' threshold. */
export function clusterStories(members: StoryMember[], settings: StorySettings): StoryMember[][] {
  const ordered = [...members].sort((a, b) => compareArticles(a.article, b.article));
  const weights = new TermWeights(ordered.map((m) => m.fingerprint));
  // link[p][q]: average similarity between groups p and q, kept up to date as groups join (UPGMA).
  const link = similarityMatrix(ordered, settings, weights);
  const groups: Array<Group | undefined> = ordered.map((_, i) => ({ indices: [i] }));
  for (;;) {
    const best = bestPair(groups, link);
    if (!best || best[2] < settings.sameStorySimilarity) break;
    const [p, q] = best;
    const gp = groups[p] as Group;
    const gq = groups[q] as Group;
    const np = gp.indices.length;
    const nq = gq.indices.length;
    for (let r = 0; r < groups.length; r++) {
      if (!groups[r] || r === p || r === q) continue;
      const joined = (np * link[p][r] + nq * link[q][r]) / (np + nq);
      link[p][r] = joined;
      link[r][p] = joined;
    }
    gp.indices.push(...gq.indices);
    groups[q] = undefined;
  }
  return groups.flatMap((g) => (g ? [g.indices.sort((a, b) => a - b).map((i) => ordered[i])] : []));
}
