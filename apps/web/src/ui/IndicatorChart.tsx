import { useFormat } from './format';

export interface ChartPoint {
  measuredOn: string;
  value: number;
  /** A correction of an earlier measurement (it supersedes it): drawn hollow, and the legend says so. */
  correction?: boolean;
}

const WIDTH = 480;
const HEIGHT = 160;
const PAD = { left: 44, right: 12, top: 12, bottom: 24 };

/**
 * An indicator's measurements against its baseline (dashed) and target (dotted) as inline SVG: no chart package (it
 * travels only in the chunks of the pages that draw it), and it prints black on white. A correction is a hollow
 * point, so the difference is in the shape, not only the colour. The figures belong in a table beside it; the
 * picture has a text alternative (`label`) saying so. The words come from the page's own messages: `legend`
 * explains lines and points, `correctionLegend` the hollow point (shown when a point is a correction).
 */
export function IndicatorChart({
  baseline,
  target,
  points,
  label,
  legend,
  correctionLegend,
}: {
  baseline: number;
  target: number;
  points: ChartPoint[];
  label: string;
  legend: string;
  correctionLegend?: string;
}) {
  const format = useFormat();
  const values = [baseline, target, ...points.map((p) => p.value)];
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) {
    min -= 1;
    max += 1;
  }
  // A margin above and below, so that a baseline or target at the extreme stays visible above the axis.
  const margin = (max - min) * 0.08;
  min -= margin;
  max += margin;
  const span = max - min;
  const y = (v: number) => PAD.top + (HEIGHT - PAD.top - PAD.bottom) * (1 - (v - min) / span);
  const xs = points.length > 1 ? points.map((_, i) => PAD.left + ((WIDTH - PAD.left - PAD.right) * i) / (points.length - 1)) : [PAD.left + (WIDTH - PAD.left - PAD.right) / 2];
  const corrected = points.some((p) => p.correction);
  return (
    <figure style={{ margin: 0 }}>
      <svg role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" style={{ maxWidth: WIDTH }} data-testid="indicator-chart">
        <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={HEIGHT - PAD.bottom} stroke="#495057" />
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} stroke="#495057" />
        <text x={PAD.left - 4} y={y(baseline) + 4} fontSize="10" textAnchor="end" fill="#212529">
          {format.number(baseline)}
        </text>
        <text x={PAD.left - 4} y={y(target) + 4} fontSize="10" textAnchor="end" fill="#212529">
          {format.number(target)}
        </text>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(baseline)} y2={y(baseline)} stroke="#495057" strokeDasharray="6 4" data-line="baseline" />
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(target)} y2={y(target)} stroke="#1864ab" strokeDasharray="2 3" strokeWidth={2} data-line="target" />
        {points.length > 1 && <polyline fill="none" stroke="#212529" strokeWidth={2} points={points.map((p, i) => `${xs[i]},${y(p.value)}`).join(' ')} />}
        {points.map((p, i) =>
          p.correction ? (
            <circle key={`${p.measuredOn}-${i}`} cx={xs[i]} cy={y(p.value)} r={4.5} fill="#ffffff" stroke="#212529" strokeWidth={2} data-point="correction" />
          ) : (
            <circle key={`${p.measuredOn}-${i}`} cx={xs[i]} cy={y(p.value)} r={3.5} fill="#212529" data-point="measurement" />
          ),
        )}
        {points.length > 0 && (
          <>
            <text x={PAD.left} y={HEIGHT - 6} fontSize="10" fill="#212529">
              {format.date(points[0]!.measuredOn)}
            </text>
            {points.length > 1 && (
              <text x={WIDTH - PAD.right} y={HEIGHT - 6} fontSize="10" textAnchor="end" fill="#212529">
                {format.date(points[points.length - 1]!.measuredOn)}
              </text>
            )}
          </>
        )}
      </svg>
      <figcaption style={{ fontSize: 12 }}>
        {legend}
        {corrected && correctionLegend ? ` ${correctionLegend}` : ''}
      </figcaption>
    </figure>
  );
}
