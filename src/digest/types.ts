// Plain data the digest is made of. The store fills `DigestInput`; everything under src/digest turns it into
// content and bytes without touching the store, the queue or the network.
import type { DigestNumbers, DigestStory } from "../model.ts";
import type { WeekRange } from "./week.ts";

export type { DigestNumbers, DigestOutlet, DigestStory } from "../model.ts";

export interface DigestInput {
  week: WeekRange;
  stories: DigestStory[];
  numbers: DigestNumbers;
  /** Display names of topic and country ids from taxonomy.yaml. */
  topicNames: Record<string, string>;
  countryNames: Record<string, string>;
}

/** JSON keeps dates as strings; a stored digest's input is revived so a resend renders exactly what was built. */
export function reviveDigestInput(data: unknown): DigestInput {
  const input = data as DigestInput;
  return {
    ...input,
    week: { ...input.week, start: new Date(input.week.start), end: new Date(input.week.end) },
    stories: input.stories.map((s) => ({ ...s, lastSeenAt: new Date(s.lastSeenAt) })),
  };
}

/** What one reader wants: everything, or stories matching any of their topics or countries. */
export interface ReaderFilter {
  topics: string[];
  countries: string[];
}
