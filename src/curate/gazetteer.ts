// Language-independent names: taxonomy countries, regions and entities found in a text, as `@KEY` features.
// They let story linking compare a Russian, a German and an English report of one event, whose words differ.
import { compileTerms, findTerms } from "./term-matcher.ts";
import type { CompiledTerm } from "./term-matcher.ts";
import type { Taxonomy } from "./taxonomy.ts";

export interface Gazetteer {
  terms: CompiledTerm[];
  wordCache: Map<string, string | null>;
}

export function createGazetteer(taxonomy: Taxonomy): Gazetteer {
  return { terms: compileTerms(taxonomy).filter((t) => t.group !== "topic"), wordCache: new Map() };
}

/** `@KEY` for every gazetteer name in the text, with how often it occurs. */
export function namesIn(gazetteer: Gazetteer, text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const hit of findTerms(gazetteer.terms, { title: text, lead: "", body: "" })) {
    const key = `@${hit.key}`;
    found.set(key, (found.get(key) ?? 0) + 1);
  }
  return found;
}

/** The gazetteer key a single word stands for ("Kirgisistan" → @KG), if any. */
export function nameOfWord(gazetteer: Gazetteer, word: string): string | undefined {
  let key = gazetteer.wordCache.get(word);
  if (key === undefined) {
    const hits = findTerms(gazetteer.terms, { title: word, lead: "", body: "" });
    key = hits.length > 0 ? `@${hits[0].key}` : null;
    if (gazetteer.wordCache.size < 100_000) gazetteer.wordCache.set(word, key);
  }
  return key ?? undefined;
}

/** Country and region names: the common ground of every article here, so they say little about which story it is. */
export function isPlaceName(name: string): boolean {
  return /^@([A-Z]{2}|central_asia)$/.test(name);
}
