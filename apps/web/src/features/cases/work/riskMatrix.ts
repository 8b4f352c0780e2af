/** 1–5 on both axes (DESIGN.md: likelihood 1–5 × impact 1–5). */
export const SCALE = [1, 2, 3, 4, 5] as const;

export type Band = 'low' | 'medium' | 'high' | 'critical';

/** The band of a score (likelihood × impact): what the cell's colour and its words say. */
export function bandOf(score: number): Band {
  if (score >= 15) return 'critical';
  if (score >= 10) return 'high';
  if (score >= 5) return 'medium';
  return 'low';
}

/** Light backgrounds with dark text (contrast holds); the band is also written in the cell's label. */
export const BAND_BACKGROUND: Record<Band, string> = {
  low: 'var(--mantine-color-green-1)',
  medium: 'var(--mantine-color-yellow-2)',
  high: 'var(--mantine-color-orange-2)',
  critical: 'var(--mantine-color-red-3)',
};

/** How many risks sit in each cell, by `likelihood:impact`. */
export function countByCell(risks: readonly { likelihood: number; impact: number }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const risk of risks) {
    const key = `${risk.likelihood}:${risk.impact}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
