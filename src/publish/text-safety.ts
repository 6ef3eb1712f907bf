// The small rules every output format shares: characters XML 1.0 forbids go, text fields carry no markup, only
// absolute http(s) links are ever written.
import { htmlToPlainText } from "../parsers/text.ts";

// XML 1.0 allows tab, LF, CR and U+0020 upwards, minus the surrogates (lone ones here) and U+FFFE/U+FFFF.
const XML_FORBIDDEN =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function stripXmlForbidden(text: string): string {
  return text.replace(XML_FORBIDDEN, "");
}

/** Escapes for XML/HTML text and double-quoted attribute values alike. */
export function escapeMarkup(text: string): string {
  return stripXmlForbidden(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A title, name or category as plain text: tags dropped, entities decoded, forbidden characters removed. */
export function plainText(value: string | undefined | null): string {
  return htmlToPlainText(stripXmlForbidden(value ?? ""));
}

/** The URL as an absolute http(s) href, or undefined: other schemes (javascript:, data:) are never published. */
export function httpUrl(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined; // not an absolute URL at all
  }
}
