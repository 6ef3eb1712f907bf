// Boilerplate recognised by what it says: short blocks that sit inside article containers on many sites.
// Each pattern is anchored to the whole (short) block, so an article sentence that mentions cookies survives.
const SHORT_BLOCK = 200;

const BOILERPLATE_LINES: RegExp[] = [
  /^advertisement$|^advertisements?\s*[-–—:]?\s*(scroll|continue)/i,
  /^(story|article) continues below/i,
  /\b(uses?|use of) cookies\b.*\b(accept|agree|consent|policy|settings|opt.out)\b/i,
  /\bdownload (the|our) (\w+ )?app\b|\bget (the|our) (\w+ )?app\b|\b(app store|google play|play store)\b/i,
  /^images? (are|is) for reference only/i,
  /^video player is loading|\bthis is a modal window\b|\bbeginning of dialog window\b/i,
  /^(share|share this|share on|follow us|follow us on|like us on)\b/i,
  /^(read more|read also|read next|see also|related|also read|more on this|recommended)\s*[:：»›-]?$/i,
  /^(comments are closed|leave a (comment|reply)|\d+ comments?|add (a )?comment|sign in to comment)/i,
  /^(sign up|subscribe) (for|to) (our|the) \w+/i,
  /^(all rights reserved|copyright ©|©\s*\d{4}|\(c\)\s*\d{4})/i,
  /^(click here|tap here) to\b/i,
  /^(loading|please wait)\.*$/i,
  /^(photo|image|picture|video)\s*[:：]?\s*$/i,
  /^(previous|next) (article|story|post)\b/i,
];

export function isBoilerplateText(text: string): boolean {
  if (text.length > SHORT_BLOCK) return false;
  return BOILERPLATE_LINES.some((pattern) => pattern.test(text));
}
