import { Text } from '@mantine/core';

export interface SummaryBar {
  key: string;
  label: string;
  /** 0–100; null draws no bar (a withheld group, or one with no measurement), and `text` says why. */
  value: number | null;
  /** What the row says beside its bar: the figure, or why there is none. */
  text: string;
  withheld: boolean;
}

/**
 * Groups as horizontal bars on a 0–100 scale, in HTML rows each with an inline-SVG bar (no chart package; the
 * label wraps and the bar shrinks on a narrow screen). A withheld group gets no bar at all, never a zero-length
 * one: its row says it is withheld, in words and in italics. The figures are in the table below it; the picture
 * as a whole has a text alternative (`label`) and a caption saying what the bars measure.
 */
export function SummaryChart({ label, caption, bars }: { label: string; caption: string; bars: SummaryBar[] }) {
  return (
    <figure style={{ margin: 0 }}>
      <div role="img" aria-label={label} data-testid="summary-chart" style={{ display: 'grid', gridTemplateColumns: 'minmax(6rem, 14rem) 1fr', gap: '6px 12px', alignItems: 'center' }}>
        {bars.map((bar) => (
          <div key={bar.key} style={{ display: 'contents' }} data-group={bar.key} data-withheld={bar.withheld ? 'true' : undefined}>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {bar.label}
            </Text>
            <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
              {bar.value !== null && (
                <svg viewBox="0 0 100 10" preserveAspectRatio="none" width="70%" height="14" aria-hidden focusable="false" style={{ flex: '0 0 70%' }}>
                  <rect x={0} y={0} width={100} height={10} fill="#e9ecef" />
                  <rect x={0} y={0} width={Math.max(0, Math.min(100, bar.value))} height={10} fill="#1864ab" data-bar={bar.key} />
                </svg>
              )}
              <Text size="sm" fs={bar.value === null ? 'italic' : undefined}>
                {bar.text}
              </Text>
            </div>
          </div>
        ))}
      </div>
      <figcaption style={{ fontSize: 12, marginTop: 8 }}>{caption}</figcaption>
    </figure>
  );
}
