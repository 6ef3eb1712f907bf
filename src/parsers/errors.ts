/** A document that cannot be read as what the source says it is (not a feed, broken beyond recovery). */
export class ParseError extends Error {
  readonly url: string;

  constructor(url: string, message: string) {
    super(`${url}: ${message}`);
    this.name = "ParseError";
    this.url = url;
  }
}
