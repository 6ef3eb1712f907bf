// URL helpers for the article body: every link and image leaves the extractor absolute and of a safe scheme.
import { attr, type Element } from "./dom.ts";

const SAFE_LINK = /^(https?|mailto):$/;

/** Absolute http(s)/mailto URL, or undefined for javascript:, data:, fragments and garbage. */
export function absoluteUrl(href: string, baseUrl: string): string | undefined {
  const trimmed = href.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return undefined;
  try {
    const url = new URL(trimmed, baseUrl || undefined);
    return SAFE_LINK.test(url.protocol) ? url.href : undefined;
  } catch {
    return undefined; // not a URL at all: the link is dropped, its text kept
  }
}

// Lazy loaders keep the real address in data-* attributes and a placeholder in src.
const IMAGE_ATTRIBUTES = ["data-src", "data-original", "data-lazy-src", "data-url", "src"];

export function imageSource(img: Element, baseUrl: string): string | undefined {
  for (const name of IMAGE_ATTRIBUTES) {
    const value = attr(img, name);
    if (value && !value.startsWith("data:")) {
      const url = absoluteUrl(value, baseUrl);
      if (url && !url.startsWith("mailto:")) return isTinyImage(img) ? undefined : url;
    }
  }
  const srcset = attr(img, "srcset") || attr(img, "data-srcset");
  const first = srcset.split(",")[0]?.trim().split(/\s+/)[0];
  return first ? absoluteUrl(first, baseUrl) : undefined;
}

// Tracking pixels and icons declare their size; real photos rarely declare less than 100 px.
function isTinyImage(img: Element): boolean {
  const width = Number(attr(img, "width"));
  const height = Number(attr(img, "height"));
  return (width > 0 && width < 100) || (height > 0 && height < 100);
}
