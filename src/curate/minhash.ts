// Shingled MinHash and LSH banding. Seeds are fixed constants, so a signature computed today matches one stored
// last year; changing NUM_HASHES, SHINGLE_SIZE or the seeds invalidates every stored band (Article.bandHashes).
import { tokenize, isUnspacedChar } from "./text-normalize.ts";

export const NUM_HASHES = 128;
export const BAND_COUNT = 40;
export const ROWS_PER_BAND = 3;
/** Words per shingle for spaced scripts. */
export const WORD_SHINGLE_SIZE = 3;
/** Characters per shingle for Chinese/Thai runs: one Chinese character carries about as much as a short word. */
export const CHAR_SHINGLE_SIZE = 3;

export type Signature = Uint32Array;

function fnv1a32(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

// murmur3's finaliser: a cheap bijective mixer, so hash_i(x) = mix(x ^ seed_i) behaves like independent hashes.
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function seededSequence(count: number, start: number): Uint32Array {
  const seeds = new Uint32Array(count);
  let state = start >>> 0;
  for (let i = 0; i < count; i++) {
    state = (state + 0x9e3779b9) >>> 0;
    seeds[i] = mix32(state);
  }
  return seeds;
}

const HASH_SEEDS = seededSequence(NUM_HASHES, 0x5111c);

/** Hashed shingles: word n-grams for spaced text, character n-grams inside Chinese/Thai runs. */
export function shingleHashes(text: string): Set<number> {
  const tokens = tokenize(text);
  const shingles = new Set<number>();
  let start = 0;
  while (start < tokens.length) {
    const unspaced = isUnspacedChar(tokens[start]);
    let end = start;
    while (end < tokens.length && isUnspacedChar(tokens[end]) === unspaced) end++;
    addRunShingles(tokens.slice(start, end), unspaced ? CHAR_SHINGLE_SIZE : WORD_SHINGLE_SIZE, unspaced, shingles);
    start = end;
  }
  return shingles;
}

function addRunShingles(run: string[], size: number, unspaced: boolean, out: Set<number>): void {
  const joiner = unspaced ? "" : " ";
  if (run.length < size) {
    if (run.length > 0) out.add(fnv1a32(run.join(joiner)));
    return;
  }
  for (let i = 0; i + size <= run.length; i++) out.add(fnv1a32(run.slice(i, i + size).join(joiner)));
}

export function minhashSignature(shingles: Set<number>): Signature {
  const signature = new Uint32Array(NUM_HASHES).fill(0xffffffff);
  for (const shingle of shingles) {
    for (let i = 0; i < NUM_HASHES; i++) {
      const h = mix32(shingle ^ HASH_SEEDS[i]);
      if (h < signature[i]) signature[i] = h;
    }
  }
  return signature;
}

export function signatureOf(text: string): Signature {
  return minhashSignature(shingleHashes(text));
}

/** Fraction of agreeing positions: an unbiased estimate of the shingle sets' Jaccard similarity. */
export function estimateJaccard(a: Signature, b: Signature): number {
  let same = 0;
  for (let i = 0; i < NUM_HASHES; i++) if (a[i] === b[i]) same++;
  return same / NUM_HASHES;
}

/**
 * Share of the smaller text's shingles found in the larger, from estimated Jaccard and the two set sizes:
 * |A∩B| = J(|A|+|B|)/(1+J). High for a copy with a trimmed ending or an added intro, where Jaccard is diluted.
 */
export function estimateContainment(jaccard: number, sizeA: number, sizeB: number): number {
  const smaller = Math.min(sizeA, sizeB);
  if (smaller === 0) return 0;
  return Math.min(1, (jaccard * (sizeA + sizeB)) / (1 + jaccard) / smaller);
}

export function exactJaccard(a: Set<number>, b: Set<number>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / (a.size + b.size - common);
}

/**
 * One 64-bit value per band, from the first BAND_COUNT × ROWS_PER_BAND hashes, as two 32-bit words (high, low):
 * comparing two articles' bands this way costs no bigint, and a busy window compares every pair. Two articles
 * sharing any band are candidates: with 40 bands of 3 rows, a pair at Jaccard 0.4 becomes a candidate with
 * probability 1-(1-0.4^3)^40 ≈ 0.93, at 0.5 ≈ 0.995; at 0.1 only ≈ 0.04, which keeps candidate lists short.
 */
export function lshBandWords(signature: Signature): Uint32Array {
  const words = new Uint32Array(BAND_COUNT * 2);
  for (let band = 0; band < BAND_COUNT; band++) {
    let high = mix32(0x1000 + band);
    let low = mix32(0x2000 + band);
    for (let r = 0; r < ROWS_PER_BAND; r++) {
      const value = signature[band * ROWS_PER_BAND + r];
      high = mix32(high ^ value) + r;
      low = mix32((low + value) ^ 0x27d4eb2d);
    }
    words[band * 2] = high >>> 0;
    words[band * 2 + 1] = low >>> 0;
  }
  return words;
}

/** The bands as signed 64-bit values (Postgres bigint), one per band: lshBandWords joined. */
export function lshBandHashes(signature: Signature, words = lshBandWords(signature)): bigint[] {
  const bands: bigint[] = [];
  for (let band = 0; band < BAND_COUNT; band++) {
    bands.push(BigInt.asIntN(64, (BigInt(words[band * 2]) << 32n) | BigInt(words[band * 2 + 1])));
  }
  return bands;
}
