// Plain data the digest is made of. The store fills `DigestInput`; everything under src/digest turns it into
// content and bytes without touching the store, the queue or the network.
import type { WeekRange } from "./week.ts";

export interface DigestOutlet {
  name: string;
  /** The outlet's own article URL (http or https only; others are dropped before rendering). */
  url: string;
}

export interface DigestStory {
  id: string;
  title: string;
  /** Plain text of the representative article (never its HTML); the lead is cut from it. */
  text: string;
  url: string;
  outlets: DigestOutlet[];
  relevance: number;
  topics: string[];
  countries: string[];
  /** When the story was last reported within the week: the recency part of the score. */
  lastSeenAt: Date;
}

export interface DigestNumbers {
  articlesRead: number;
  stories: number;
  sourcesPolled: number;
  sourcesFailing: number;
}

export interface DigestInput {
  week: WeekRange;
  stories: DigestStory[];
  numbers: DigestNumbers;
  /** Display names of topic and country ids from taxonomy.yaml. */
  topicNames: Record<string, string>;
  countryNames: Record<string, string>;
}

/** What one reader wants: everything, or stories matching any of their topics or countries. */
export interface ReaderFilter {
  topics: string[];
  countries: string[];
}
