// A rough language guess from function words, enough to know whether two articles' words can be compared.

const FUNCTION_WORDS: Record<string, string[]> = {
  en: ["the", "and", "of", "to", "in", "is", "for", "with", "on", "that", "was", "by"],
  ru: ["и", "в", "на", "с", "по", "что", "для", "не", "из", "о", "от", "к"],
  de: ["der", "die", "und", "das", "den", "mit", "von", "zu", "ist", "des", "im", "für"],
  it: ["il", "di", "che", "la", "e", "per", "del", "della", "con", "un", "una", "sono"],
  fr: ["le", "la", "les", "et", "des", "du", "en", "est", "une", "pour", "dans", "au"],
  es: ["el", "la", "los", "las", "y", "del", "en", "que", "por", "con", "una", "para"],
  pt: ["o", "os", "da", "do", "das", "dos", "e", "em", "que", "para", "com", "uma"],
  tl: ["ang", "ng", "sa", "na", "mga", "at", "ay", "si", "ni", "para", "nang", "kay"],
};

/** ISO 639-1 code of the likeliest language, "zh"/"th" for those scripts, or "und" when nothing is recognised. */
export function guessLanguage(text: string): string {
  const sample = text.slice(0, 2000);
  if (/\p{Script=Han}/u.test(sample) && (sample.match(/\p{Script=Han}/gu)?.length ?? 0) > 20) return "zh";
  if ((sample.match(/\p{Script=Thai}/gu)?.length ?? 0) > 20) return "th";
  const words = sample.toLowerCase().match(/[\p{L}]+/gu) ?? [];
  let best = "und";
  let bestCount = 2;
  for (const [language, list] of Object.entries(FUNCTION_WORDS)) {
    const set = new Set(list);
    const count = words.filter((w) => set.has(w)).length;
    if (count > bestCount) {
      best = language;
      bestCount = count;
    }
  }
  return best;
}
