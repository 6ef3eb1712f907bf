// Outlets carry no country in sources.yaml yet; a country-code top-level domain is a fair first answer.
const NOT_COUNTRIES = new Set(["io", "co", "me", "tv", "fm", "ai", "ly", "to", "cc", "ws"]);
const RENAMED: Record<string, string> = { uk: "GB", su: "RU" };

/** The outlet's country from its address (".kz" → "KZ"), or undefined for .com, .org and the like. */
export function outletCountry(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined; // not a URL: no country to tell
  }
  const tld = host.split(".").at(-1) ?? "";
  if (!/^[a-z]{2}$/.test(tld) || NOT_COUNTRIES.has(tld)) return undefined;
  return RENAMED[tld] ?? tld.toUpperCase();
}
