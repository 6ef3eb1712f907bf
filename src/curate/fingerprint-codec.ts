// An article's fingerprint as text, stored with the article when it is curated, so the story stage decodes its
// candidates' fingerprints instead of computing them again from their texts (the bulk of a same-story check).
// JSON in a text column: JSON.parse is native and fast, the text is a function of the fingerprint (so curating an
// article again can tell an unchanged fingerprint from a new one), and Prisma's Postgres adapter hands text over
// as it is, where it turns bytea into an array of numbers. (node:v8 serialization is not a function of the value:
// it writes a string one or two bytes a character depending on how V8 happens to hold it.) The vocabulary (every
// token and adjacent pair of the text, the bulk of the value) is kept as one string and split only when a pair is
// close enough to be checked for contradicting names (distinctive-names.ts), and then looked up in the string itself
// until lookups are many enough to pay for a Set. Terms likewise are one string and an array of counts: decoding
// 100-150 candidates is most of a same-story check, and arrays of pairs cost an allocation each.
import { createHash } from "node:crypto";
import type { Fingerprint, IndexedFingerprint } from "./article-fingerprint.ts";
import type { Vocabulary } from "./distinctive-names.ts";
import type { Gazetteer } from "./gazetteer.ts";
import { lshBandHashes, NUM_HASHES, type Signature } from "./minhash.ts";
import type { StoredFingerprint } from "../model.ts";

/**
 * Bumped whenever what a fingerprint holds or how it is computed changes (tokenizer, stems, MinHash seeds, the
 * fields below): every stored fingerprint is then stale and computed again from its article's text.
 */
const FINGERPRINT_CODE_VERSION = 2;
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
    terms: [...fingerprint.terms.keys()].join(SEPARATOR),
    counts: [...fingerprint.terms.values()],
    leadDates: [...fingerprint.leadDates],
    distinctive: [...fingerprint.distinctive],
    vocabulary: [...fingerprint.vocabulary].join(SEPARATOR),
  };
  return { version, data: JSON.stringify(encoded) };
}

function signatureText(signature: Signature): string {
  const bytes = Buffer.alloc(signature.length * 4);
  signature.forEach((value, i) => bytes.writeUInt32LE(value, i * 4));
  return bytes.toString("base64");
}

function signatureOf(text: string): Signature {
  const bytes = Buffer.from(text, "base64");
  const signature = new Uint32Array(Math.floor(bytes.length / 4));
  for (let i = 0; i < signature.length; i++) signature[i] = bytes.readUInt32LE(i * 4);
  return signature;
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
  const terms = new Map<string, number>();
  for (let i = 0; i < names.length; i++) terms.set(names[i], e.counts[i]);
  let bands: bigint[] | undefined;
  const vocabulary = new StoredVocabulary(e.vocabulary);
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
      return (bands ??= lshBandHashes(signature));
    },
    vocabulary,
  };
}

/**
 * Lookups a stored vocabulary answers by searching its text before it builds a Set of its ~2,000 entries. Measured
 * here: a search of ~5 KB costs ~3 µs, building the Set ~45 µs; searching up to about that many times, then
 * building, never costs more than twice the better of the two.
 */
const LOOKUPS_BEFORE_SET = 16;

/**
 * A decoded vocabulary: most candidates are asked a few entries, if any, so the text is searched; one asked many
 * times (a member of a busy window, compared with many others) builds its Set once.
 */
class StoredVocabulary implements Vocabulary {
  private readonly text: string;
  private set: Set<string> | undefined;
  private lookups = 0;

  constructor(joined: string) {
    this.text = `${SEPARATOR}${joined}${SEPARATOR}`;
  }

  has(entry: string): boolean {
    if (!entry || entry.includes(SEPARATOR)) return false;
    if (this.set) return this.set.has(entry);
    if (++this.lookups > LOOKUPS_BEFORE_SET) {
      this.set = new Set(this.text.slice(1, -1).split(SEPARATOR));
      return this.set.has(entry);
    }
    return this.text.includes(`${SEPARATOR}${entry}${SEPARATOR}`);
  }
}
