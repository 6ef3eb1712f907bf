/**
 * Two forms of an article link. `canonicalizeUrl` is its identity: two URLs that canonicalize equally are the same
 * article (scheme, host variants, AMP paths and parameter order folded), used only as the key that stores an
 * article once. `cleanLink` is the link as the outlet gave it, minus tracking parameters: the one we fetch, show
 * and publish, because the canonical form may name a page the server never served (https on an http-only site).
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
  url.hash = routeFragment(url.hash);
  url.username = "";
  url.password = "";
  url.pathname = canonicalPath(url.pathname);
  const kept = [...url.searchParams].filter(([name]) => !isTrackingParam(name));
  kept.sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a < b ? -1 : 1));
  url.search = new URLSearchParams(kept).toString();
  return url.href;
}

/** The outlet's link with tracking parameters and in-page anchors removed; scheme, host, path and order kept. */
export function cleanLink(input: string, base?: string): string {
  const url = new URL(input.trim(), base);
  if (url.protocol !== "http:" && url.protocol !== "https:") return url.href;
  url.hash = routeFragment(url.hash);
  url.username = "";
  url.password = "";
  if (url.search) {
    const kept = [...url.searchParams].filter(([name]) => !isTrackingParam(name));
    if (kept.length !== [...url.searchParams].length) url.search = new URLSearchParams(kept).toString();
  }
  return url.href;
}

// "#/story/1" and "#!/story/1" are routes of a single-page site: they name different articles. Any other fragment
// is a place in the page ("#comments") or a tracker ("#xtor=RSS-1").
function routeFragment(hash: string): string {
  return /^#!?\//.test(hash) ? hash : "";
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
