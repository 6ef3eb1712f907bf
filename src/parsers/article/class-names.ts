// Class and id words that name page furniture (share bars, cookie banners, related stories, comments) or the
// article itself. Word lists are matched against whole words of class and id, never substrings.
import { classWords, type Element } from "./dom.ts";
import { wordSet } from "./word-set.ts";

// Words in class/id that name page furniture. Matched as whole words so "read" never matches "ad".
const BOILERPLATE_WORDS = wordSet(`
  ad ads adv advert adverts advertisement adsense adslot dfp gpt banner breadcrumb breadcrumbs comment
  comments disqus cookie cookies consent gdpr cmp footer menu nav navbar navigation related recommended
  recommendations recirc recirculation share sharing sharebar social socials sponsor sponsored sidebar popup
  modal overlay newsletter subscribe subscription signup promo promotion outbrain taboola widget widgets
  pagination pager toolbar masthead byline dateline popular trending rail hidden hide invisible sr skip print
  tags tag keywords topics author bio jw vjs playlist sticky login paywall more readmore next prev previous
  tools utility meta crumbs feedback rating reactions donate donation copyright disclaimer legal app download
  teaser teasers header caption
`);

// Words that mark the article itself; a container carrying one is never dropped for a boilerplate word.
const CONTENT_WORDS = wordSet(`
  article articlebody body content entry main post story text prose richtext
`);

// Class words that, even next to a content word, name a thing inside the article that is not its text.
const STRONG_BOILERPLATE_WORDS = wordSet(`
  comment comments related share sharing social newsletter cookie consent gdpr advertisement ads outbrain
  taboola recommended popular trending sponsored promo breadcrumb breadcrumbs hidden byline
`);

// Inline elements carry styling classes ("a-size-large product-title") inside sentences; dropping one would cut
// words out of a paragraph, so only words that name caption credits or hidden text remove inline elements.
const INLINE_TAGS = wordSet(`
  a span em strong b i u font small sup sub time abbr code mark cite q
`);
const INLINE_BOILERPLATE_WORDS = wordSet(`
  caption credit credits hidden sr share ad ads
`);

const HEADING_TAGS = wordSet(`
  h1 h2 h3 h4 h5 h6
`);

// Data tables name rows after what they hold ("player-2020-580", "ad-revenue"), not after page furniture.
const TABLE_PARTS = wordSet(`
  tr td th tbody thead tfoot
`);

// Responsive-framework classes ("hidden-xs", "hide-on-mobile") hide an element on some screens only.
const SCREEN_SIZES = wordSet(`
  xs sm md lg xl xxl mobile tablet desktop phone small medium large on
`);

function boilerplateCandidateWords(el: Element): string[] {
  const words = classWords(el);
  return words.filter(
    (word, i) => !((word === "hidden" || word === "hide" || word === "visible") && SCREEN_SIZES.has(words[i + 1])),
  );
}

export function isNamedBoilerplate(el: Element): boolean {
  if (el.name === "body" || el.name === "html" || el.name === "main" || TABLE_PARTS.has(el.name)) return false;
  const words = boilerplateCandidateWords(el);
  if (INLINE_TAGS.has(el.name)) return words.some((word) => INLINE_BOILERPLATE_WORDS.has(word));
  // A heading's class says "title" or "headline" by nature; only strong words (related, share) condemn one.
  if (HEADING_TAGS.has(el.name)) return words.some((word) => STRONG_BOILERPLATE_WORDS.has(word));
  if (words.length === 0) return false;
  let boilerplate = false;
  let strong = false;
  let content = false;
  for (const word of words) {
    if (BOILERPLATE_WORDS.has(word)) boilerplate = true;
    if (STRONG_BOILERPLATE_WORDS.has(word)) strong = true;
    if (CONTENT_WORDS.has(word)) content = true;
  }
  if (!boilerplate) return false;
  if (el.name === "article" && !strong) return false;
  return strong || !content;
}
