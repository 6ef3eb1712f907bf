/** The value of one sample of a Prometheus text exposition, e.g. `metricValue(text, 'x_total{queue="a"}')`. */
export function metricValue(text: string, sample: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
}
