/** The first of `bases` against which `link` resolves to an http(s) URL; undefined for empty or other links. */
export function resolveUrl(link: string | undefined, ...bases: string[]): string | undefined {
  if (!link?.trim()) return undefined;
  for (const base of bases) {
    try {
      const url = new URL(link.trim(), base);
      if (url.protocol === "http:" || url.protocol === "https:") return url.href;
    } catch {
      // A base that is itself not a URL (some feeds put text in <link>): try the next one.
    }
  }
  return undefined;
}
