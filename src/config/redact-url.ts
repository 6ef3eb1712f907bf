/**
 * A connection URL fit for messages and logs: the password replaced by ***. Text that does not parse as a URL
 * (a mistyped REDIS_URL) has everything before an @ masked, since that is where a password would be.
 */
export function redactUrl(url: string): string {
  if (URL.canParse(url)) {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.href;
  }
  return url.replace(/^(.*\/\/)?[^@]*@/, "$1***@");
}
