// Boilerplate recognised by what it says: short blocks that sit inside article containers on many sites.
// Each pattern is anchored to the whole (short) block, so an article sentence that mentions cookies survives.
const SHORT_BLOCK = 200;

const BOILERPLATE_LINES: RegExp[] = [
  /^(advertisement|advertising|anzeige|publicité|publicidad|pubblicità|реклама|广告|iklan|reklam|advertentie)$/i,
  /^advertisements?\s*[-–—:]?\s*(scroll|continue)/i,
  /^(story|article) continues below/i,
  /\b(uses?|use of) cookies\b.*\b(accept|agree|consent|policy|settings|opt.out)\b/i,
  // App promotions; a sentence that only names the App Store (an article about apps) is not one.
  /\b(download|get|install) (the |our )?([\w-]+ )?app\b|\b(available|download it|get it) (on|from|in) (the )?(app store|google play)\b|^app-?store\s*play-?store$/i,
  /^images? (are|is) for reference only/i,
  /^video player is loading|\bthis is a modal window\b|\bbeginning of dialog window\b/i,
  /^(share|share this|share on|follow us|follow us on|like us on)\b/i,
  /^(read more|read also|read next|see also|related|also read|more on this|recommended)\s*[:：»›-]?$/i,
  /^(comments are closed|leave a (comment|reply)|\d+ comments?|add (a )?comment|sign in to comment)/i,
  /^(sign up|subscribe) (for|to) (our|the) \w+/i,
  /^subscribe\b.{0,100}$/i,
  /^(follow|like) (us|[\w@ .'’-]{1,60}) on (facebook|twitter|instagram|telegram|youtube|linkedin|x)\b/i,
  /^(all rights reserved|copyright ©|©\s*\d{4}|\(c\)\s*\d{4})/i,
  /^(click here|tap here) to\b/i,
  /^(like )?(loading|please wait)(\.|…)*$/i,
  /^like this:?$/i,
  /^(photo|image|picture|video)\s*[:：]?\s*$/i,
  /^(previous|next) (article|story|post)\b/i,
  /^((image|photo|picture|slide)\s+)?\d+\s+(of|\/)\s+\d+$/i,
  /^(caption|close|open|menu|expand|collapse|download|play|replay|pause|(un)?mute|(hide|show|toggle) caption|enlarge this image|view gallery)[\s✕×]*$/i,
  /^((photo|image|picture|credit|photograph)s?( by)?\s*[:：]|getty images$|ap photo\b)/i,
  /^(reading time|read time|tempo de leitura|lesezeit|время чтения)\b|^\d+\s*(min|mins|minutes?)( read)?$/i,
  /^(filed under|tags?|categories|category|posted in)\s*[:：]/i,
  /\bshare (it|this( story| article)?) with (a friend|friends|your friends)\b/i,
  // Agency credit lines that close wire copy: who reported and edited, not what happened.
  /^\(?(additional |with )?(reporting|editing|writing|compiled) by\b|\bcontributed (reporting )?to this (report|story)\.?\)?$/i,
  /^(source|sources)\s*[:：]\s*[\w ,.&-]{1,40}$/i,
  /^(topics|related topics|text size|font size|print|email|share)$/i,
  /^(more|other|latest|top|recent|popular) (great |top |recent |related )?([\w'’-]+ ){0,3}(stories|news|articles|posts|videos)$/i,
  /^email \S.{0,60} at \S+@\S+/i,
  /^follow (all of )?\S+ (full |complete |latest )?coverage\b/i,
  /^(\S+@\S+\.[a-z]{2,}|(https?:\/\/)?(www\.)?[\w-]+(\.[\w-]+)+\/\S*)$/i,
  /\b(sign up|subscribe|register)\b.{0,80}\b(newsletter|inbox|e-?mail|updates)\b/i,
  /^(posted|published|updated|last updated|modified)\b(?=.*\d).{0,60}$/i,
];

export function isBoilerplateText(text: string): boolean {
  if (text.length > SHORT_BLOCK) return false;
  return BOILERPLATE_LINES.some((pattern) => pattern.test(text));
}

// Datelines and bylines-with-dates ("02 Ago 2017", "By A. Writer - 11/18/19 11:04 PM EST"): a year or a clock
// time and hardly any words. The metadata already carries the date.
// A dateline is plain text; a date inside a link is a tweet's or a source's attribution and belongs to the quote.
export function isDateLine(text: string): boolean {
  if (text.length > 60 || !/\b(19|20)\d{2}\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/.test(text)) return false;
  const words = text.match(/\p{L}{3,}/gu) ?? [];
  return words.length <= 4 && !/[.!?]["”»]?$/.test(text.replace(/\b(a\.m|p\.m|st|jr)\.$/i, ""));
}
