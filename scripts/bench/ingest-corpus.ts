// The made-up news of `npm run bench:ingest`: events of China–Central Asia relations reported by several outlets
// (some as wire reprints, most in their own words), a share of local news with no China angle, each article on a
// page with the boilerplate real outlets wrap around it, and one RSS feed per outlet. Deterministic for a seed,
// so runs with 1, 2 and 4 workers ingest the same articles. All text is generated here.

import { random as seededRandom } from "../synthetic-text.ts";

export interface CorpusArticle {
  /** Index of the outlet (source) that publishes it. */
  outlet: number;
  slug: string;
  title: string;
  paragraphs: string[];
  published: Date;
  /** The event it reports; articles of one event belong to one story. */
  event: number;
  /** False for local news with no China angle (one template whatever the event: a story cannot tell them apart). */
  relevant: boolean;
}

export interface Corpus {
  outlets: number;
  articles: CorpusArticle[];
}

const COUNTRIES = [
  {
    name: "Kazakhstan",
    adj: "Kazakh",
    capital: "Astana",
    cities: ["Almaty", "Shymkent", "Aktau", "Karaganda", "Khorgos"],
  },
  {
    name: "Uzbekistan",
    adj: "Uzbek",
    capital: "Tashkent",
    cities: ["Samarkand", "Bukhara", "Namangan", "Andijan", "Navoi"],
  },
  { name: "Kyrgyzstan", adj: "Kyrgyz", capital: "Bishkek", cities: ["Osh", "Naryn", "Karakol", "Jalal-Abad", "Talas"] },
  {
    name: "Tajikistan",
    adj: "Tajik",
    capital: "Dushanbe",
    cities: ["Khujand", "Kulob", "Khorog", "Bokhtar", "Istaravshan"],
  },
  {
    name: "Turkmenistan",
    adj: "Turkmen",
    capital: "Ashgabat",
    cities: ["Turkmenbashi", "Mary", "Dashoguz", "Balkanabat", "Turkmenabat"],
  },
];
const CHINESE_PLACES = ["Urumqi", "Kashgar", "Xi'an", "Lianyungang", "Chongqing", "Horgos", "Lanzhou", "Chengdu"];
const TOPICS = [
  { thing: "railway", verb: "build", goods: ["rails", "locomotives", "freight wagons", "signalling equipment"] },
  { thing: "solar plant", verb: "finance", goods: ["photovoltaic panels", "inverters", "transformers", "cables"] },
  { thing: "gas pipeline", verb: "expand", goods: ["compressor units", "steel pipes", "valves", "metering stations"] },
  { thing: "logistics hub", verb: "open", goods: ["containers", "cranes", "bonded warehouses", "trucks"] },
  { thing: "copper mine", verb: "develop", goods: ["copper concentrate", "excavators", "conveyors", "ore"] },
  { thing: "wheat export deal", verb: "sign", goods: ["wheat", "barley", "sunflower oil", "flour"] },
  { thing: "hydropower station", verb: "modernise", goods: ["turbines", "generators", "spillway gates", "cables"] },
  { thing: "border crossing", verb: "reopen", goods: ["fruit", "vegetables", "textiles", "electronics"] },
  {
    thing: "university exchange",
    verb: "launch",
    goods: ["scholarships", "textbooks", "laboratories", "language courses"],
  },
  {
    thing: "security dialogue",
    verb: "hold",
    goods: ["patrol vehicles", "surveillance systems", "training", "radios"],
  },
];
const SURNAMES = [
  "Abdullaev",
  "Nurlanov",
  "Karimova",
  "Sadykov",
  "Rahimov",
  "Tokayeva",
  "Berdiev",
  "Usmonov",
  "Zhakupov",
  "Ismailova",
  "Orozbekov",
  "Saidov",
];
const CHINESE_NAMES = ["Wang Lei", "Li Na", "Zhang Wei", "Liu Yang", "Chen Jie", "Zhao Min", "Sun Hao", "Zhou Qing"];
const ROLES = [
  "deputy prime minister",
  "minister of transport",
  "energy minister",
  "trade minister",
  "ambassador",
  "regional governor",
];
const FILLER = [
  "Analysts in {capital} said the {thing} would test how quickly the two sides can turn agreements into work on the ground.",
  "The {adj} side expects the first results within {n} months, according to a statement published after the meeting.",
  "Trade between China and {country} grew by {p} percent last year, official figures show, with {good} among the main items.",
  "Local residents in {city} have asked for more information about land use and jobs, the regional administration said.",
  "Officials did not disclose the full cost, but earlier estimates put it at about {m} million dollars.",
  "The project is part of a wider programme of cooperation that both governments describe as a long-term priority.",
  "A delegation from {cnplace} is expected to visit {city} next month to inspect the site and meet contractors.",
  "Environmental groups urged the authorities to publish impact assessments before construction begins.",
  "Banks from both countries will provide credit lines, and a share of the financing will come in local currencies.",
  "The agreement also covers training for {n}00 specialists, who will study at institutes in {cnplace}.",
  "Independent economists cautioned that similar projects in the region had taken longer and cost more than planned.",
  "The ministry said customs procedures for {good} would be simplified at the border from the start of next year.",
];
const LOCAL = [
  "The city council of {city} approved a new budget for road repairs and school heating on {weekday}.",
  "Football club {city} United won its home match against a team from {capital} by two goals to one.",
  "Heavy snowfall closed mountain passes near {city}, and the emergency service asked drivers to wait.",
  "A local theatre in {city} opened its season with a play by a {adj} author about village life.",
  "Prices for bread and vegetables in {capital} markets rose slightly this month, the statistics office said.",
];
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key]));
}

interface Event {
  id: number;
  relevant: boolean;
  published: Date;
  values: Record<string, string | number>;
}

function eventOf(id: number, random: () => number, start: Date): Event {
  const country = pick(random, COUNTRIES);
  const topic = pick(random, TOPICS);
  const published = new Date(start.getTime() + Math.floor(random() * 14 * 86_400_000));
  return {
    id,
    relevant: random() > 0.12,
    published,
    values: {
      country: country.name,
      adj: country.adj,
      capital: country.capital,
      city: pick(random, country.cities),
      cnplace: pick(random, CHINESE_PLACES),
      thing: topic.thing,
      verb: topic.verb,
      good: pick(random, topic.goods),
      official: `${pick(random, ROLES)} ${pick(random, SURNAMES)}`,
      chinese: pick(random, CHINESE_NAMES),
      weekday: WEEKDAYS[published.getUTCDay() % 5],
      n: 2 + Math.floor(random() * 30),
      p: 3 + Math.floor(random() * 40),
      m: 20 + Math.floor(random() * 2000),
      tonnes: 1000 + Math.floor(random() * 90000),
    },
  };
}

function leadOf(event: Event, random: () => number): { title: string; lead: string } {
  const v = event.values;
  if (!event.relevant) {
    return {
      title: fill(`${pick(random, ["News from", "Around", "Today in"])} {city}: {weekday} roundup`, v),
      lead: fill(pick(random, LOCAL), v),
    };
  }
  const titles = [
    "China and {country} agree to {verb} {thing} near {city}",
    "{adj} {official} and {chinese} sign deal on {thing}",
    "{country}, China to {verb} {thing} worth {m} million dollars",
    "Beijing backs {thing} in {city}, {adj} government says",
  ];
  const leads = [
    "{country} and China on {weekday} agreed to {verb} a {thing} near {city}, {official} said after talks with {chinese} in {capital}.",
    "{adj} {official} and Chinese envoy {chinese} signed an agreement in {capital} on {weekday} to {verb} a {thing} close to {city}, worth {m} million dollars.",
    "China will help {verb} a {thing} in the {adj} city of {city}, under a deal of {m} million dollars announced on {weekday} in {capital}.",
  ];
  return { title: fill(pick(random, titles), v), lead: fill(pick(random, leads), v) };
}

function bodyOf(event: Event, random: () => number): string[] {
  const v = { ...event.values };
  const pool = event.relevant ? FILLER : LOCAL;
  const paragraphs: string[] = [];
  const count = 5 + Math.floor(random() * 4);
  for (let p = 0; p < count; p++) {
    const sentences = Array.from({ length: 2 + Math.floor(random() * 2) }, () =>
      fill(pick(random, pool), {
        ...v,
        n: 2 + Math.floor(random() * 30),
        p: 3 + Math.floor(random() * 40),
        m: 20 + Math.floor(random() * 2000),
      }),
    );
    paragraphs.push(sentences.join(" "));
  }
  if (event.relevant) {
    paragraphs.splice(
      1,
      0,
      fill(
        "Under the plan, {tonnes} tonnes of {good} a year would move between {city} and {cnplace}, {chinese} told reporters.",
        v,
      ),
    );
  }
  return paragraphs;
}

/**
 * `count` articles from `outlets` outlets: events are reported by one to eight outlets; a third of the repeated
 * reports are wire reprints (the same words under another outlet's name), the rest written anew.
 */
export function generateCorpus(count: number, outlets: number, seed = 20261201): Corpus {
  const random = seededRandom(seed);
  const start = new Date(Date.UTC(2026, 10, 1));
  const articles: CorpusArticle[] = [];
  let eventId = 0;
  while (articles.length < count) {
    const event = eventOf(eventId++, random, start);
    const roll = random();
    const reports = Math.min(
      roll < 0.5 ? 1 : roll < 0.85 ? 2 + Math.floor(random() * 2) : 4 + Math.floor(random() * 5),
      outlets,
      count - articles.length,
    );
    const firstOutlet = Math.floor(random() * outlets);
    const original = { ...leadOf(event, random), body: bodyOf(event, random) };
    for (let r = 0; r < reports; r++) {
      const reprint = r === 0 || random() < 0.33;
      const text = reprint ? original : { ...leadOf(event, random), body: bodyOf(event, random) };
      const outlet = (firstOutlet + r * 7) % outlets;
      articles.push({
        outlet,
        slug: `e${event.id}-r${r}`,
        title: text.title,
        paragraphs: [text.lead, ...text.body],
        published: new Date(event.published.getTime() + r * 3_600_000 + Math.floor(random() * 3_600_000)),
        event: event.id,
        relevant: event.relevant,
      });
    }
  }
  return { outlets, articles };
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

// Real pages carry kilobytes of inline style and script state around a few kilobytes of text; so do these.
const SITE_STYLE = Array.from(
  { length: 120 },
  (_, i) =>
    `.c${i}{margin:${i % 7}px ${i % 5}px;padding:${i % 3}px;color:#${(0x234567 + i * 997).toString(16).slice(0, 6)}}`,
).join("");

function siteState(article: CorpusArticle): string {
  const menu = Array.from({ length: 60 }, (_, i) => ({
    id: i,
    title: `Section ${i}`,
    url: `/section/${i}`,
    promoted: i % 4 === 0,
  }));
  return JSON.stringify({ page: { slug: article.slug, published: article.published.toISOString() }, menu }).replace(
    /</g,
    "\\u003c",
  );
}

/** An article page as outlets serve them: navigation, banners, share buttons, related links and comments. */
export function articlePage(outletName: string, article: CorpusArticle, related: CorpusArticle[]): string {
  const nav = ["Politics", "Economy", "Region", "World", "Culture", "Sport", "Opinion", "Video"]
    .map((s) => `<li><a href="/section/${s.toLowerCase()}">${s}</a></li>`)
    .join("");
  const links = related.map((r) => `<li><a href="/a/${r.slug}.html">${escapeHtml(r.title)}</a></li>`).join("");
  const comments = Array.from(
    { length: 3 },
    (_, i) =>
      `<div class="comment"><b>reader${i}</b><p>Interesting, but what about the prices for ordinary people? Comment ${i}.</p></div>`,
  ).join("");
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(article.title)} | ${outletName}</title>
<meta property="og:title" content="${escapeHtml(article.title)}"><meta name="viewport" content="width=device-width">
<link rel="stylesheet" href="/static/site.css"><style>${SITE_STYLE}</style><script>window.dataLayer=[];function gtag(){dataLayer.push(arguments)}</script>
<script type="application/json" id="__STATE__">${siteState(article)}</script></head>
<body><div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button> <button>Settings</button></div>
<header><div class="logo"><a href="/">${outletName}</a></div><nav><ul>${nav}</ul></nav>
<form action="/search"><input name="q" placeholder="Search"></form><div class="app-banner">Get our app for breaking news</div></header>
<main><article><h1>${escapeHtml(article.title)}</h1><div class="meta"><time datetime="${article.published.toISOString()}">${article.published.toUTCString()}</time>
<span class="author">${outletName} staff</span></div><div class="share"><a href="#">Share</a> <a href="#">Tweet</a> <a href="#">Telegram</a></div>
<div class="article-body">${article.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}</div>
<div class="tags"><a href="/tag/china">China</a> <a href="/tag/central-asia">Central Asia</a></div></article>
<aside><h3>Related</h3><ul>${links}</ul><div class="ad">Advertisement</div></aside>
<section class="comments"><h3>Comments</h3>${comments}</section></main>
<footer><p>© 2026 ${outletName}. All rights reserved. Reproduction only with a link.</p><ul>${nav}</ul></footer></body></html>`;
}

/** The outlet's RSS feed: its articles, newest first, with a one-sentence description (the page has the text). */
export function outletFeed(outletName: string, baseUrl: string, articles: CorpusArticle[]): string {
  const items = [...articles]
    .sort((a, b) => b.published.getTime() - a.published.getTime())
    .map(
      (
        a,
      ) => `<item><title>${escapeHtml(a.title)}</title><link>${baseUrl}/a/${a.slug}.html</link><guid>${baseUrl}/a/${a.slug}.html</guid>
<pubDate>${a.published.toUTCString()}</pubDate><description>${escapeHtml(a.paragraphs[0])}</description></item>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${outletName}</title><link>${baseUrl}/</link>
<description>News from ${outletName}</description>${items}</channel></rss>`;
}
