/** A problem in a configuration file, located so the user can fix it: `file:line: message`. */
export class ConfigError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly sourceId: string | undefined;

  constructor(file: string, line: number | undefined, message: string, sourceId?: string) {
    super(`${file}${line ? `:${line}` : ""}: ${sourceId ? `source "${sourceId}": ` : ""}${message}`);
    this.name = "ConfigError";
    this.file = file;
    this.line = line;
    this.sourceId = sourceId;
  }
}

/** Several problems found in one pass, so the user fixes them all at once. */
export class ConfigErrors extends Error {
  readonly problems: ConfigError[];

  constructor(problems: ConfigError[]) {
    super(problems.map((p) => p.message).join("\n"));
    this.name = "ConfigErrors";
    this.problems = problems;
  }
}
