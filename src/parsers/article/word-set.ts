/** A set of words written as whitespace-separated text, so long vocabularies read as paragraphs. */
export function wordSet(text: string): Set<string> {
  return new Set(text.split(/\s+/).filter((word) => word !== ""));
}
