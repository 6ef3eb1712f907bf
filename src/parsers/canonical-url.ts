/**
 * The identity of an article link: two URLs that canonicalize equally are the same article. The canonical form is
 * for comparison and storage only; pages are still fetched from the URL the source gave.
 */

// Parameters that only say how a reader arrived (campaign, click and share trackers), never which page it is.
const TRACKING_PARAMS = new Set([
  "fbclid",
  "gclid",
  "gclsrc",
  "dclid",
  "msclkid",
  "yclid",
  "igshid",
  "twclid",
  "ttclid",
  "wbraid",
  "gbraid",
  "mc_cid",
  "mc_eid",
  "_ga",
  "_gl",
  "_hsenc",
  "_hsmi",
  "mkt_tok",
  "ref_src",
  "ref_url",
  "spm",
  "cmpid",
  "ocid",
  "smid",
  "s_cid",
  "wt_mc",
  "wt.mc_id",
  "sr_share",
  "ito",
  "xtor",
  "at_medium",
  "at_campaign",
  "at_source",
  "utm",
  "__twitter_impression",
  "amp",
  "outputtype",
]);
const TRACKING_PREFIXES = ["utm_", "ns_", "oly_", "vero_", "pk_", "mtm_", "hsa_"];
// Host prefixes that serve the same article as the bare host.
const VARIANT_HOST_PREFIXES = ["www.", "m.", "mobile.", "amp."];

export function canonicalizeUrl(input: string, base?: string): string {
  const url = new URL(input.trim(), base);
  if (url.protocol !== "http:" && url.protocol !== "https:") return url.href;
  url.protocol = "https:";
  url.hostname = stripVariantHost(url.hostname.toLowerCase().replace(/\.$/, ""));
  url.port = url.port === "80" || url.port === "443" ? "" : url.port;
  url.hash = "";
  url.username = "";
  url.password = "";
  url.pathname = canonicalPath(url.pathname);
  const kept = [...url.searchParams].filter(([name]) => !isTrackingParam(name));
  kept.sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a < b ? -1 : 1));
  url.search = new URLSearchParams(kept).toString();
  return url.href;
}

function stripVariantHost(host: string): string {
  for (const prefix of VARIANT_HOST_PREFIXES) {
    // Keep the prefix when removing it would leave a bare public suffix such as "co.uk".
    if (host.startsWith(prefix) && host.slice(prefix.length).includes(".")) return host.slice(prefix.length);
  }
  return host;
}

function canonicalPath(pathname: string): string {
  let path = pathname.replace(/\/{2,}/g, "/");
  path = path.replace(/^\/amp(?=\/)/i, "");
  path = path.replace(/\/amp\/?$/i, "/");
  path = path.replace(/\.amp(\.html?)?$/i, (_m, ext: string | undefined) => ext ?? "");
  if (path.length > 1) path = path.replace(/\/+$/, "");
  return path || "/";
}

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix));
}
