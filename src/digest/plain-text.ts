import { htmlToPlainText } from "../parsers/text.ts";

// Text that reaches a digest comes from hostile pages. It is made plain here (no control or bidi-override
// characters, no broken surrogates) and only ever rendered through escaping templates; URLs must be http(s).

// C0 controls except tab/newline, DEL, C1 controls, bidi embeddings/overrides/isolates, non-characters. Readers'
// own text direction is kept with dir="auto" in the HTML instead of trusting control characters from a page.
const UNSAFE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]/g;

/** One line of plain text: unsafe characters removed, whitespace collapsed. */
export function plainLine(text: string): string {
  return text.toWellFormed().replace(UNSAFE, "").replace(/\s+/g, " ").trim();
}

/** A header value (a name, a subject): a plain line, so CR and LF can never start a new header. */
export function headerSafe(text: string): string {
  return plainLine(text.replace(/[\r\n]+/g, " "));
}

/** The URL as a string when it is an absolute http(s) URL without credentials; otherwise nothing to link. */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined;
    if (parsed.username || parsed.password) return undefined;
    return parsed.href;
  } catch {
    return undefined; // not a URL at all: shown as text, never linked
  }
}

const LEAD_MAX_CHARS = 420;
// Sentence ends: Latin/Cyrillic punctuation followed by space, or CJK full stops (no space follows them).
const SENTENCE_END = /(?<=[.!?…])\s+(?=\S)|(?<=[。！？])/u;

/** The first two or three sentences of an article's text, at most about 420 characters. */
export function leadOf(text: string): string {
  // Article text is plain already, but a feed summary standing in for it may still hold markup.
  const plain = /<[a-z!/]/i.test(text) ? htmlToPlainText(text) : text;
  const sentences = plainLine(plain).split(SENTENCE_END).filter(Boolean);
  let lead = "";
  for (const sentence of sentences.slice(0, 3)) {
    // CJK sentences follow each other without a space.
    const next = !lead ? sentence : /[。！？]$/.test(lead) ? lead + sentence : `${lead} ${sentence}`;
    if (lead && next.length > LEAD_MAX_CHARS) break;
    lead = next;
  }
  return lead.length > LEAD_MAX_CHARS ? `${lead.slice(0, LEAD_MAX_CHARS).replace(/\s+\S*$/, "")}…` : lead;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** The escape of every template value: safe in HTML text, quoted attributes and XML. */
export function escapeMarkup(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
