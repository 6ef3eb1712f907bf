const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a poll interval such as `90s`, `15m`, `2h`, `1d` or `1h30m`; returns milliseconds or undefined. */
export function parseInterval(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+\s*[smhd]\s*)+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)\s*([smhd])/g)) total += Number(amount) * UNIT_MS[unit];
  return total > 0 ? total : undefined;
}

export function formatInterval(ms: number): string {
  for (const unit of ["d", "h", "m", "s"]) if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  return `${ms}ms`;
}
