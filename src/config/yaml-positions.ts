import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";

/** A parsed YAML document that can tell the line of any path inside it. */
export interface LocatedYaml {
  value: unknown;
  lineOf(path: ReadonlyArray<PropertyKey>): number | undefined;
  /** Syntax errors as [line, message]. */
  syntaxErrors: Array<[number | undefined, string]>;
}

export function parseLocatedYaml(text: string): LocatedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const syntaxErrors: Array<[number | undefined, string]> = doc.errors.map((e) => [
    e.linePos?.[0]?.line,
    e.message.split("\n")[0],
  ]);
  return {
    value: doc.errors.length ? undefined : doc.toJS(),
    syntaxErrors,
    lineOf: (path) => lineOfPath(doc, lineCounter, path),
  };
}

function lineOfPath(doc: Document, lines: LineCounter, path: ReadonlyArray<PropertyKey>): number | undefined {
  // Walk down as far as the path exists; an unknown or missing key is reported at its nearest existing parent.
  let node: unknown = doc.contents;
  let line = offsetLine(lines, node);
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as Node | null)?.toJSON?.() ?? p.key) === String(key));
      if (!pair) break;
      line = offsetLine(lines, pair.key) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number") {
      node = node.items[key];
      line = offsetLine(lines, node) ?? line;
    } else break;
  }
  return line;
}

function offsetLine(lines: LineCounter, node: unknown): number | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? lines.linePos(range[0]).line : undefined;
}
