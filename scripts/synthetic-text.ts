// Synthetic news-like text for the benchmarks: seeded, so every run builds the same articles.

/** An article as the benchmarks store it. */
export interface SyntheticArticle {
  id: string;
  url: string;
  sourceId: string;
  title: string;
  text: string;
  publishedAt: Date;
}

/** mulberry32: the same sequence for the same seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

export function vocabulary(rand: () => number, size: number): string[] {
  return Array.from({ length: size }, () =>
    Array.from({ length: 3 + Math.floor(rand() * 7) }, () => LETTERS[Math.floor(rand() * LETTERS.length)]).join(""),
  );
}

// Word frequencies fall off like natural text (Zipf), so shingles collide between unrelated articles as in news.
export function sentence(rand: () => number, words: string[], length: number): string {
  return Array.from({ length }, () => words[Math.floor(words.length * rand() ** 3)]).join(" ");
}
