// From a week's stories to the sections of one reader's digest: top stories, by topic, a line per country, and
// the week's numbers. Pure: the same input gives the same content.
import { leadOf, plainLine, safeHttpUrl } from "./plain-text.ts";
import { OTHER_TOPIC, pickWithTopicCap, rankStories, type RankedStory } from "./rank.ts";
import type { DigestInput, DigestNumbers, DigestStory, ReaderFilter } from "./types.ts";

export interface DigestLayout {
  topStories: number;
  /** Cap per primary topic, among top stories and within each topic section. */
  perTopicCap: number;
  perTopicSection: number;
  headlinesPerCountry: number;
}

export const DEFAULT_LAYOUT: DigestLayout = {
  topStories: 5,
  perTopicCap: 2,
  perTopicSection: 4,
  headlinesPerCountry: 2,
};

export interface LinkView {
  name: string;
  url?: string;
}

export interface StoryView {
  title: string;
  url?: string;
  lead: string;
  outlets: LinkView[];
}

export interface DigestContent {
  week: string;
  firstDay: string;
  lastDay: string;
  top: StoryView[];
  topics: Array<{ name: string; stories: StoryView[] }>;
  countries: Array<{ name: string; count: number; headlines: LinkView[] }>;
  numbers: DigestNumbers;
  /** Stories this reader gets; 0 means the digest is not sent to them. */
  storyCount: number;
}

export const EVERYTHING: ReaderFilter = { topics: [], countries: [] };

/** Within a dimension any chosen id matches; a reader who chose both wants stories matching both. */
export function matchesReader(story: DigestStory, filter: ReaderFilter): boolean {
  const topicOk = !filter.topics.length || story.topics.some((t) => filter.topics.includes(t));
  const countryOk = !filter.countries.length || story.countries.some((c) => filter.countries.includes(c));
  return topicOk && countryOk;
}

function storyView(story: DigestStory): StoryView {
  const seen = new Set<string>();
  const outlets = story.outlets.filter((o) => !seen.has(o.name) && seen.add(o.name));
  return {
    title: plainLine(story.title),
    url: safeHttpUrl(story.url),
    lead: leadOf(story.text),
    outlets: outlets.map((o) => ({ name: plainLine(o.name), url: safeHttpUrl(o.url) })),
  };
}

function topicSections(input: DigestInput, rest: RankedStory[], layout: DigestLayout): DigestContent["topics"] {
  const names: Record<string, string> = { ...input.topicNames, [OTHER_TOPIC]: "Other news" };
  return Object.keys(names)
    .map((topic) => ({
      name: plainLine(names[topic]),
      stories: rest
        .filter((s) => s.primaryTopic === topic)
        .slice(0, layout.perTopicSection)
        .map(storyView),
    }))
    .filter((section) => section.stories.length > 0);
}

function countryLines(input: DigestInput, ranked: RankedStory[], layout: DigestLayout): DigestContent["countries"] {
  return Object.entries(input.countryNames)
    .map(([id, name]) => {
      const stories = ranked.filter((s) => s.countries.includes(id));
      // Stories about fewer countries first: a summit of all six would otherwise head every line.
      const specific = [...stories].sort((a, b) => a.countries.length - b.countries.length);
      const headlines = specific.slice(0, layout.headlinesPerCountry).map((s) => ({
        name: plainLine(s.title),
        url: safeHttpUrl(s.url),
      }));
      return { name: plainLine(name), count: stories.length, headlines };
    })
    .filter((line) => line.count > 0);
}

export function buildDigestContent(
  input: DigestInput,
  filter: ReaderFilter = EVERYTHING,
  layout: DigestLayout = DEFAULT_LAYOUT,
): DigestContent {
  const ranked = rankStories(
    input.stories.filter((s) => matchesReader(s, filter)),
    input.week,
  );
  const top = pickWithTopicCap(ranked, layout.topStories, layout.perTopicCap);
  const rest = ranked.filter((s) => !top.includes(s));
  return {
    week: input.week.label,
    firstDay: input.week.firstDay,
    lastDay: input.week.lastDay,
    top: top.map(storyView),
    topics: topicSections(input, rest, layout),
    countries: countryLines(input, ranked, layout),
    numbers: input.numbers,
    storyCount: ranked.length,
  };
}
