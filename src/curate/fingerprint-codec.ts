// An article's fingerprint as text, stored with the article when it is curated, so the story stage decodes its
// candidates' fingerprints instead of computing them again from their texts (the bulk of a same-story check).
// JSON in a text column: JSON.parse is native and fast, the text is a function of the fingerprint (so curating an
// article again can tell an unchanged fingerprint from a new one), and Prisma's Postgres adapter hands text over
// as it is, where it turns bytea into an array of numbers. (node:v8 serialization is not a function of the value:
// it writes a string one or two bytes a character depending on how V8 happens to hold it.) The vocabulary (every
// token, stem and adjacent pair of the text, which distinctive-names.ts asks about) is kept as 32-bit hashes,
// sorted, in base64: it is only ever asked whether it holds an entry, and as text it was over half of every
// candidate's bytes, read from Postgres and parsed 100-150 times per same-story check. Terms are one string and an
// array of counts: arrays of pairs cost an allocation each.
import { createHash } from "node:crypto";
import type { Fingerprint, IndexedFingerprint } from "./article-fingerprint.ts";
import type { Vocabulary } from "./distinctive-names.ts";
import type { Gazetteer } from "./gazetteer.ts";
import { lshBandHashes, lshBandWords, NUM_HASHES, type Signature } from "./minhash.ts";
import type { StoredFingerprint } from "../model.ts";

/**
 * Bumped whenever what a fingerprint holds or how it is computed changes (tokenizer, stems, MinHash seeds, the
 * fields below): every stored fingerprint is then stale and computed again from its article's text.
 */
const FINGERPRINT_CODE_VERSION = 3;
/** Tokens and terms never hold a line break (the tokenizer splits on white space), so one joins them. */
const SEPARATOR = "\n";

interface Encoded {
  hash: string;
  length: number;
  language: string;
  /** The MinHash signature's 32-bit values, little-endian, in base64. */
  signature: string;
  shingles: number;
  /** The terms, joined by SEPARATOR, and their counts in the same order. */
  terms: string;
  counts: number[];
  leadDates: string[];
  distinctive: string[];
  /** The vocabulary's entries as sorted, distinct 32-bit hashes (vocabularyHash), little-endian, in base64. */
  vocabulary: string;
}

/**
 * What a fingerprint depends on besides the text: this code and the taxonomy's gazetteer (names become `@KEY`
 * features). A stored fingerprint of another version is computed again, so a taxonomy change never compares
 * features of two vocabularies.
 */
export function fingerprintVersionOf(gazetteer: Gazetteer): string {
  const content = JSON.stringify({
    code: FINGERPRINT_CODE_VERSION,
    phrases: gazetteer.phrases.map((p) => [p.term.group, p.term.key, p.term.term]),
    words: [...gazetteer.words].sort(),
    stems: [...gazetteer.stems].sort(),
  });
  return createHash("sha256").update(content).digest("hex").slice(0, 16);
}

export function encodeFingerprint(fingerprint: IndexedFingerprint, version: string): StoredFingerprint {
  const encoded: Encoded = {
    hash: fingerprint.contentHash,
    length: fingerprint.textLength,
    language: fingerprint.language,
    signature: signatureText(fingerprint.signature),
    shingles: fingerprint.shingleCount,
    terms: fingerprint.terms.names.join(SEPARATOR),
    counts: [...fingerprint.terms.counts],
    leadDates: [...fingerprint.leadDates],
    distinctive: [...fingerprint.distinctive],
    vocabulary: hashedVocabularyText(fingerprint.vocabulary),
  };
  return { version, data: JSON.stringify(encoded) };
}

function signatureText(signature: Signature): string {
  return uint32Text(signature);
}

function uint32Text(values: ArrayLike<number>): string {
  const bytes = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) bytes.writeUInt32LE(values[i], i * 4);
  return bytes.toString("base64");
}

function uint32sOf(text: string): Uint32Array {
  const bytes = Buffer.from(text, "base64");
  const values = new Uint32Array(Math.floor(bytes.length / 4));
  for (let i = 0; i < values.length; i++) values[i] = bytes.readUInt32LE(i * 4);
  return values;
}

function signatureOf(text: string): Signature {
  return uint32sOf(text);
}

/** FNV-1a over the UTF-16 code units: 32 bits, the same in every process and version of Node. */
export function vocabularyHash(entry: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < entry.length; i++) hash = Math.imul(hash ^ entry.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function hashedVocabularyText(vocabulary: Iterable<string>): string {
  const hashes = Uint32Array.from(new Set([...vocabulary].map(vocabularyHash))).sort();
  return uint32Text(hashes);
}

function isEncoded(value: unknown): value is Encoded {
  const v = value as Encoded;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.hash === "string" &&
    typeof v.signature === "string" &&
    typeof v.terms === "string" &&
    Array.isArray(v.counts) &&
    Array.isArray(v.leadDates) &&
    Array.isArray(v.distinctive) &&
    typeof v.vocabulary === "string"
  );
}

/** The stored fingerprint, or undefined when it was made by another version or cannot be read: compute it again. */
export function decodeFingerprint(stored: StoredFingerprint, version: string): Fingerprint | undefined {
  if (stored.version !== version) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(stored.data);
  } catch {
    return undefined; // a damaged value is as good as none: the caller fingerprints the text
  }
  if (!isEncoded(value)) return undefined;
  const e = value;
  const signature = signatureOf(e.signature);
  if (signature.length !== NUM_HASHES) return undefined;
  const names = e.terms ? e.terms.split(SEPARATOR) : [];
  if (names.length !== e.counts.length) return undefined;
  const terms = { names, counts: e.counts };
  let bands: bigint[] | undefined;
  let bandWords: Uint32Array | undefined;
  const vocabulary = new HashedVocabulary(uint32sOf(e.vocabulary));
  return {
    contentHash: e.hash,
    textLength: e.length,
    language: e.language,
    signature,
    shingleCount: e.shingles,
    terms,
    leadDates: new Set(e.leadDates),
    distinctive: new Set(e.distinctive),
    get bands() {
      return (bands ??= lshBandHashes(signature, (bandWords ??= lshBandWords(signature))));
    },
    get bandWords() {
      return (bandWords ??= lshBandWords(signature));
    },
    vocabulary,
  };
}

/**
 * A decoded vocabulary: the sorted hashes of its entries, searched by halving. An entry it does not hold is found
 * only when its hash is one of them: with ~2,000 entries, about once in two million lookups; the worst that does is
 * miss a contradiction between two look-alike reports (distinctive-names.ts), where the fresh Set would have found it.
 */
class HashedVocabulary implements Vocabulary {
  private readonly hashes: Uint32Array;

  constructor(hashes: Uint32Array) {
    this.hashes = hashes;
  }

  has(entry: string): boolean {
    if (!entry) return false;
    const hash = vocabularyHash(entry);
    const hashes = this.hashes;
    let low = 0;
    let high = hashes.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = hashes[middle];
      if (value === hash) return true;
      if (value < hash) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}

/**
 * Characters of stored fingerprints whose decoded values a worker keeps: about 1,000 fingerprints of a burst's
 * ~4,000 characters, ~14 MB with their decoded values. A same-story check decodes ~205 candidates, mostly the same
 * recent articles as the check before: replaying the decodes of a 3,000-article burst, this budget answers 80% of
 * them (1 M characters: 34%, 2 M: 60%).
 */
const DECODED_FINGERPRINT_CHARS = 4_000_000;

/**
 * Decoded fingerprints kept between curations, least recently used dropped first. An entry is used only while the
 * stored text is the same (a re-curated article brings a new one), so a hit is always what decoding would give.
 */
export class DecodedFingerprints {
  private readonly entries = new Map<string, { stored: StoredFingerprint; fingerprint: Fingerprint }>();
  private chars = 0;
  private readonly budget: number;

  constructor(budget = DECODED_FINGERPRINT_CHARS) {
    this.budget = budget;
  }

  decode(articleId: string, stored: StoredFingerprint, version: string): Fingerprint | undefined {
    const kept = this.entries.get(articleId);
    if (kept) {
      this.entries.delete(articleId);
      this.chars -= kept.stored.data.length;
      if (kept.stored.version === stored.version && kept.stored.data === stored.data && stored.version === version) {
        this.keep(articleId, kept);
        return kept.fingerprint;
      }
    }
    const fingerprint = decodeFingerprint(stored, version);
    if (fingerprint) this.keep(articleId, { stored, fingerprint });
    return fingerprint;
  }

  get size(): number {
    return this.entries.size;
  }

  private keep(articleId: string, entry: { stored: StoredFingerprint; fingerprint: Fingerprint }): void {
    if (entry.stored.data.length > this.budget) return;
    this.entries.set(articleId, entry);
    this.chars += entry.stored.data.length;
    for (const [id, oldest] of this.entries) {
      if (this.chars <= this.budget) break;
      this.entries.delete(id);
      this.chars -= oldest.stored.data.length;
    }
  }
}
