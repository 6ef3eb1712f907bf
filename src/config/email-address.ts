// E-mail addresses we accept, from the config file and the web form. Deliberately narrower than RFC 5322: no
// display names, quotes, comments, spaces or control characters, so an address can never carry a second header
// or a second recipient into a message.
const ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function isValidEmail(address: string): boolean {
  const at = address.lastIndexOf("@");
  return address.length <= 254 && at > 0 && at <= 64 && ADDRESS.test(address) && !address.includes("..");
}

/** Addresses are stored and compared lower-cased: one person, one subscription. */
export function normalizeEmail(address: string): string {
  return address.trim().toLowerCase();
}

/** The domain part, for Message-IDs. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1);
}
