/** A plain-text table: columns padded to their widest cell (capped at 60), the last column left to run on. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.slice(0, widths[i]).padEnd(widths[i]))).join("  ");
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}

/** A free text (an error, a reason) on one line of a table or listing. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
