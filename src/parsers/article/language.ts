// Language from the text when the page declares none. franc answers in ISO 639-3; pages and feeds use
// ISO 639-1, so the answer is mapped back for the languages franc-min knows.
import { franc } from "franc-min";

const ISO_639_1: Record<string, string> = {
  eng: "en",
  rus: "ru",
  cmn: "zh",
  jpn: "ja",
  kor: "ko",
  kaz: "kk",
  uzn: "uz",
  ukr: "uk",
  bel: "be",
  bul: "bg",
  tur: "tr",
  azj: "az",
  spa: "es",
  por: "pt",
  fra: "fr",
  deu: "de",
  ita: "it",
  pol: "pl",
  nld: "nl",
  ron: "ro",
  hun: "hu",
  ces: "cs",
  swe: "sv",
  ind: "id",
  zlm: "ms",
  vie: "vi",
  arb: "ar",
  pes: "fa",
  urd: "ur",
  hin: "hi",
  tha: "th",
  ell: "el",
  heb: "he",
  kat: "ka",
  hye: "hy",
  srp: "sr",
  hrv: "hr",
  bos: "bs",
  pbu: "ps",
  tgl: "tl",
  swh: "sw",
  mar: "mr",
  npi: "ne",
  ben: "bn",
  tam: "ta",
  tel: "te",
  mya: "my",
  khm: "km",
  sin: "si",
};

// Trigram statistics need a few sentences; a shorter text is left undetected rather than guessed.
const MIN_LENGTH = 60;
const SAMPLE_LENGTH = 2000;

export function detectLanguage(text: string): string | undefined {
  if (text.length < MIN_LENGTH) return undefined;
  const code = franc(text.slice(0, SAMPLE_LENGTH), { minLength: MIN_LENGTH });
  return ISO_639_1[code];
}
