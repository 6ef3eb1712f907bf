// Text normalisation shared by hashing, shingling, similarity and term matching. One definition keeps the
// exact-duplicate hash, the MinHash shingles and the taxonomy matcher agreeing on what "the same text" means.
import { createHash } from "node:crypto";

// Scripts written without spaces between words: each character is a token, so shingles become character n-grams.
const UNSPACED_CHAR =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}]/u;
const TOKEN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}]|[\p{L}\p{M}\p{N}]+/gu;

/** Unicode-compatible, lower-cased, punctuation as spaces, whitespace collapsed. */
export function normalizeText(text: string): string {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .replace(/ё/g, "е")
      // Apostrophes join rather than split: Xi'an = Xian, O'zbekiston = Ozbekiston.
      .replace(/['’ʼ‘`]/g, "")
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, " ")
      .trim()
  );
}

/** Words for spaced scripts, single characters for Chinese, Japanese and Thai. */
export function tokenize(text: string): string[] {
  return normalizeText(text).match(TOKEN) ?? [];
}

export function isUnspacedChar(ch: string): boolean {
  return UNSPACED_CHAR.test(ch);
}

/** Hash of the normalised text: two copies that differ only in case, punctuation or spacing hash the same. */
export function contentHash(text: string): string {
  return createHash("sha256").update(normalizeText(text)).digest("hex");
}

/**
 * Splits off the lead: the first paragraph, widened to about `minChars` when the first paragraph is only a dateline
 * or a one-line standfirst, so title+lead comparisons see the sentence that says what happened.
 */
export function splitLead(text: string, minChars = 300): { lead: string; body: string } {
  const paragraphs = text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  let count = 0;
  let length = 0;
  while (count < paragraphs.length && length < minChars) length += paragraphs[count++].length;
  let lead = paragraphs.slice(0, count).join("\n");
  let body = paragraphs.slice(count).join("\n");
  if (lead.length > minChars * 2) {
    const cut = sentenceCut(lead, minChars * 2);
    body = `${lead.slice(cut)}\n${body}`.trim();
    lead = lead.slice(0, cut);
  }
  return { lead, body };
}

// Where to cut a long first paragraph: after the last sentence end before maxChars, if there is one late enough.
function sentenceCut(text: string, maxChars: number): number {
  const head = text.slice(0, maxChars);
  const end = Math.max(head.lastIndexOf(". "), head.lastIndexOf("。"), head.lastIndexOf("! "), head.lastIndexOf("? "));
  return end > maxChars / 2 ? end + 1 : maxChars;
}
