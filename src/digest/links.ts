// Every URL a digest links to on our own site. Archive copies carry only public links; a subscriber's copy adds
// a signed unsubscribe link (the token names the address, so no one can unsubscribe someone else).
import type { DigestLinks } from "./render.ts";
import { signToken } from "./tokens.ts";

export interface SiteLinks {
  /** PUBLIC_URL without a trailing slash. */
  publicUrl: string;
}

export const archivePath = (week: string) => `/digests/${week}.html`;

export function archiveLinks({ publicUrl }: SiteLinks): DigestLinks {
  return { viewInBrowser: undefined, subscribe: `${publicUrl}/digests/#subscribe`, archive: `${publicUrl}/digests/` };
}

export function unsubscribeUrl({ publicUrl }: SiteLinks, secret: string, email: string): string {
  return `${publicUrl}/unsubscribe?token=${signToken(secret, "unsubscribe", { email })}`;
}

export function subscriberLinks(site: SiteLinks, secret: string, week: string, email: string): DigestLinks {
  return {
    viewInBrowser: `${site.publicUrl}${archivePath(week)}`,
    unsubscribe: unsubscribeUrl(site, secret, email),
    archive: `${site.publicUrl}/digests/`,
  };
}

export function confirmUrl(
  { publicUrl }: SiteLinks,
  secret: string,
  choice: { email: string; name?: string; topics: string[]; countries: string[] },
  now = new Date(),
): string {
  const token = signToken(secret, "confirm", { ...choice, issuedAt: Math.floor(now.getTime() / 1000) });
  return `${publicUrl}/digests/confirm?token=${token}`;
}
