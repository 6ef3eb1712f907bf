// Turns the raw bytes of a feed or page into a string, deciding the charset the way browsers and feed readers do:
// BOM, then the Content-Type header, then the document's own declaration, then a guess from the bytes.
// Pure: no I/O. Decoding relies on Node's TextDecoder with full ICU (windows-1251, koi8-r, gb18030, big5, …).

export interface DecodedBody {
  text: string;
  /** WHATWG name of the encoding actually used, e.g. "utf-8", "windows-1251", "gbk". */
  charset: string;
}

type Utf16 = "utf-16le" | "utf-16be";

const XML_PROLOG_SCAN_BYTES = 1024;
const HTML_META_SCAN_BYTES = 4096;

export function decodeBody(body: Uint8Array, contentType?: string | null): DecodedBody {
  const bom = sniffBom(body);
  if (bom) return decodeWith(body.subarray(bom.length), bom.charset);

  // A body whose ASCII characters alternate with NUL bytes can only be BOM-less UTF-16, whatever a header says.
  const utf16 = sniffUtf16WithoutBom(body);
  if (utf16) return decodeWith(body, utf16);

  const utf8 = scanUtf8(body);
  const declared = [charsetFromContentType(contentType), ...inDocumentLabels(body)];
  for (const label of declared) {
    const charset = normalizeCharsetLabel(label);
    if (!charset) continue;
    // Real feeds claim UTF-8 while serving windows-1251; only bytes that are mostly not UTF-8 overturn the claim.
    if (charset === "utf-8" && !looksLikeUtf8(utf8)) continue;
    return decodeWith(body, charset);
  }
  return decodeWith(body, guessCharset(body, utf8));
}

/**
 * Removes the `encoding="…"` pseudo-attribute from the XML declaration of an already decoded document, so that an
 * XML parser working on the JS string is not tempted to re-decode it by the (possibly false) label.
 * Leaves documents without a declaration untouched; handles a declaration preceded by comments or whitespace.
 */
export function stripXmlEncodingDeclaration(text: string): string {
  return text.replace(/^((?:\s|<!--[\s\S]*?-->)*<\?xml\b[^>]*?)\s+encoding\s*=\s*(["'])[^"']*\2/, "$1");
}

/** Maps any label a document may use ("cp1251", "GB2312", "UTF8") to its WHATWG name, or undefined if unknown. */
export function normalizeCharsetLabel(label: string | null | undefined): string | undefined {
  const cleaned = label
    ?.trim()
    .replace(/^["']|["']$/g, "")
    .trim();
  if (!cleaned) return undefined;
  try {
    const encoding = new TextDecoder(cleaned).encoding;
    // WHATWG maps ISO-2022-KR & co. to "replacement", which decodes everything to U+FFFD: treat as unknown.
    return encoding === "replacement" ? undefined : encoding;
  } catch {
    return undefined; // RangeError: a label TextDecoder does not know; detection takes over.
  }
}

export function charsetFromContentType(contentType: string | null | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType ?? "");
  return match?.[2];
}

function decodeWith(bytes: Uint8Array, charset: string): DecodedBody {
  // The BOM was already sliced off when present; ignoreBOM keeps a second U+FEFF (rare, but seen) as content.
  const text = new TextDecoder(charset, { ignoreBOM: true }).decode(bytes);
  return { text, charset };
}

function sniffBom(bytes: Uint8Array): { charset: string; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: "utf-8", length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: "utf-16le", length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: "utf-16be", length: 2 };
  return undefined;
}

/** XML spec appendix F: "00 3C 00 3F" is UTF-16BE without a BOM. Generalised to any ASCII start (e.g. a comment). */
function sniffUtf16WithoutBom(bytes: Uint8Array): Utf16 | undefined {
  if (bytes.length < 4) return undefined;
  const isAsciiChar = (b: number) => b !== 0 && b < 0x80;
  if (bytes[0] === 0 && bytes[2] === 0 && isAsciiChar(bytes[1]) && isAsciiChar(bytes[3])) return "utf-16be";
  if (bytes[1] === 0 && bytes[3] === 0 && isAsciiChar(bytes[0]) && isAsciiChar(bytes[2])) return "utf-16le";
  return undefined;
}

/**
 * Labels the document declares about itself: the XML declaration first, then an HTML meta tag.
 * A UTF-16 label read through ASCII-compatible bytes is self-refuting (WHATWG HTML says the same), so it is dropped.
 */
function inDocumentLabels(bytes: Uint8Array): string[] {
  const head = asciiView(bytes, HTML_META_SCAN_BYTES);
  const labels: string[] = [];
  const xml = /<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head.slice(0, XML_PROLOG_SCAN_BYTES));
  if (xml) labels.push(xml[1]);
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (meta) labels.push(meta[1]);
  return labels.filter((label) => !/^utf-?16/i.test(label.trim()));
}

/** Bytes as a string with every non-ASCII byte replaced, so regexes can look for ASCII markup safely. */
function asciiView(bytes: Uint8Array, limit: number): string {
  const end = Math.min(bytes.length, limit);
  let view = "";
  for (let i = 0; i < end; i++) view += bytes[i] < 0x80 ? String.fromCharCode(bytes[i]) : "?";
  return view;
}

interface Utf8Scan {
  /** Well-formed multi-byte sequences. */
  valid: number;
  /** Bytes that start no well-formed sequence. */
  invalid: number;
}

/** Counts well-formed and broken UTF-8 sequences (RFC 3629: no overlongs, surrogates or code points > U+10FFFF). */
function scanUtf8(bytes: Uint8Array): Utf8Scan {
  const scan: Utf8Scan = { valid: 0, invalid: 0 };
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceLength(bytes, i);
    if (length > 0) {
      scan.valid++;
      i += length;
    } else {
      scan.invalid++;
      i++;
    }
  }
  return scan;
}

/** Length of the well-formed UTF-8 sequence starting at `at`, or 0 when it is malformed. */
function utf8SequenceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at];
  const inRange = (offset: number, low: number, high: number) => {
    const b = bytes[at + offset];
    return b !== undefined && b >= low && b <= high;
  };
  if (lead >= 0xc2 && lead <= 0xdf) return inRange(1, 0x80, 0xbf) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const [low, high] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return inRange(1, low, high) && inRange(2, 0x80, 0xbf) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const [low, high] = lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return inRange(1, low, high) && inRange(2, 0x80, 0xbf) && inRange(3, 0x80, 0xbf) ? 4 : 0;
  }
  return 0;
}

/**
 * Mostly-UTF-8 counts as UTF-8: one truncated character in a UTF-8 feed should cost one U+FFFD, not turn the whole
 * document into windows-1251 mojibake. Legacy Cyrillic or Chinese text yields almost no well-formed sequences.
 */
function looksLikeUtf8(scan: Utf8Scan): boolean {
  return scan.invalid === 0 || scan.valid > scan.invalid;
}

// The ten most frequent lowercase Russian letters cover about 60% of letters in running text; in the wrong
// single-byte Cyrillic charset the same bytes decode to mostly uppercase or rare letters.
const FREQUENT_RUSSIAN_LETTERS = new Set("оеаинтсрвл");
const CYRILLIC_CONFIDENCE = 0.35;
// GB2312 hanzi and CJK punctuation are pairs with both bytes in 0xA1–0xFE; GBK/GB18030 extensions are rarer.
const GB_SEQUENCE_SHARE = 0.9;

/** Picks a charset for undeclared (or falsely declared) bytes. */
function guessCharset(bytes: Uint8Array, utf8: Utf8Scan): string {
  if (looksLikeUtf8(utf8)) return "utf-8";
  const words = countHighByteWords(bytes);
  // Russian and Chinese write whole words in high bytes; Western text in windows-1252 has accented letters inside
  // otherwise ASCII words ("Müller", "café"), which must not be read as Cyrillic.
  const mostlyHighByteWords = words.pureHigh >= words.mixed;
  const cyrillic = ["windows-1251", "koi8-r"]
    .map((charset) => ({ charset, score: russianLetterScore(new TextDecoder(charset).decode(bytes)) }))
    .sort((a, b) => b.score - a.score)[0];
  if (mostlyHighByteWords && cyrillic.score >= CYRILLIC_CONFIDENCE) return cyrillic.charset;
  if (gb2312LikeShare(bytes) >= GB_SEQUENCE_SHARE) return "gb18030";
  return mostlyHighByteWords && cyrillic.score > 0 ? cyrillic.charset : "windows-1252";
}

/** Share of Cyrillic letters in `text` that are frequent lowercase Russian letters. */
function russianLetterScore(text: string): number {
  let cyrillic = 0;
  let frequent = 0;
  for (const char of text) {
    if (char < "\u0400" || char > "\u04ff") continue;
    cyrillic++;
    if (FREQUENT_RUSSIAN_LETTERS.has(char)) frequent++;
  }
  return cyrillic === 0 ? 0 : frequent / cyrillic;
}

/** Words (runs of ASCII letters and high bytes) made only of high bytes vs. mixing both. */
function countHighByteWords(bytes: Uint8Array): { pureHigh: number; mixed: number } {
  const counts = { pureHigh: 0, mixed: 0 };
  let hasAscii = false;
  let hasHigh = false;
  for (let i = 0; i <= bytes.length; i++) {
    const b = i < bytes.length ? bytes[i] : 0x20;
    const isAsciiLetter = (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
    if (isAsciiLetter || b >= 0x80) {
      hasAscii ||= isAsciiLetter;
      hasHigh ||= b >= 0x80;
      continue;
    }
    if (hasHigh) counts[hasAscii ? "mixed" : "pureHigh"]++;
    hasAscii = hasHigh = false;
  }
  return counts;
}

/** Share of high bytes in GB2312-style pairs (trail byte ≥ 0xA1) or GB18030 four-byte sequences. */
function gb2312LikeShare(bytes: Uint8Array): number {
  let inSequences = 0;
  let other = 0;
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    const length = gb18030SequenceLength(bytes, i);
    const chineseLooking = length === 4 || (length === 2 && bytes[i + 1] >= 0xa1);
    if (chineseLooking) inSequences += length;
    else other += Math.max(length, 1);
    i += Math.max(length, 1);
  }
  const total = inSequences + other;
  return total === 0 ? 0 : inSequences / total;
}

function gb18030SequenceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at];
  const second = bytes[at + 1];
  if (lead < 0x81 || lead > 0xfe || second === undefined) return 0;
  if ((second >= 0x40 && second <= 0x7e) || (second >= 0x80 && second <= 0xfe)) return 2;
  const isDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;
  const third = bytes[at + 2];
  if (isDigit(second) && third !== undefined && third >= 0x81 && third <= 0xfe && isDigit(bytes[at + 3])) return 4;
  return 0;
}
