// An article's fingerprint as text, stored with the article when it is curated, so the story stage decodes its
// candidates' fingerprints instead of computing them again from their texts (the bulk of a same-story check).
// JSON in a text column: JSON.parse is native and fast, the text is a function of the fingerprint (so curating an
// article again can tell an unchanged fingerprint from a new one), and Prisma's Postgres adapter hands text over
// as it is, where it turns bytea into an array of numbers. (node:v8 serialization is not a function of the value:
// it writes a string one or two bytes a character depending on how V8 happens to hold it.) The vocabulary (every
// token and adjacent pair of the text, the bulk of the value) is kept as one string and split only when a pair is
// close enough to be checked for contradicting names (distinctive-names.ts).
import { createHash } from "node:crypto";
import type { Fingerprint } from "./article-fingerprint.ts";
import type { Gazetteer } from "./gazetteer.ts";
import { lshBandHashes, NUM_HASHES, type Signature } from "./minhash.ts";
import type { StoredFingerprint } from "../model.ts";

/**
 * Bumped whenever what a fingerprint holds or how it is computed changes (tokenizer, stems, MinHash seeds, the
 * fields below): every stored fingerprint is then stale and computed again from its article's text.
 */
const FINGERPRINT_CODE_VERSION = 1;
/** Tokens never hold a line break (the tokenizer splits on white space), so one joins the vocabulary. */
const VOCABULARY_SEPARATOR = "\n";

interface Encoded {
  hash: string;
  length: number;
  language: string;
  /** The MinHash signature's 32-bit values, little-endian, in base64. */
  signature: string;
  shingles: number;
  terms: Array<[string, number]>;
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

export function encodeFingerprint(fingerprint: Fingerprint, version: string): StoredFingerprint {
  const encoded: Encoded = {
    hash: fingerprint.contentHash,
    length: fingerprint.textLength,
    language: fingerprint.language,
    signature: signatureText(fingerprint.signature),
    shingles: fingerprint.shingleCount,
    terms: [...fingerprint.terms],
    leadDates: [...fingerprint.leadDates],
    distinctive: [...fingerprint.distinctive],
    vocabulary: [...fingerprint.vocabulary].join(VOCABULARY_SEPARATOR),
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
    Array.isArray(v.terms) &&
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
  let bands: bigint[] | undefined;
  let vocabulary: Set<string> | undefined;
  return {
    contentHash: e.hash,
    textLength: e.length,
    language: e.language,
    signature,
    shingleCount: e.shingles,
    terms: new Map(e.terms),
    leadDates: new Set(e.leadDates),
    distinctive: new Set(e.distinctive),
    get bands() {
      return (bands ??= lshBandHashes(signature));
    },
    get vocabulary() {
      return (vocabulary ??= new Set(e.vocabulary ? e.vocabulary.split(VOCABULARY_SEPARATOR) : []));
    },
  };
}
