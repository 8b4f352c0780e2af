import { render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from '../i18n';
import { IndicatorChart, type ChartPoint } from './IndicatorChart';

function draw(points: ChartPoint[]) {
  return render(
    <I18nextProvider i18n={createI18n('en')}>
      <IndicatorChart baseline={38} target={60} points={points} label="Safety after dark against baseline and target" legend="Dots: measurements." correctionLegend="Hollow dot: a correction." />
    </I18nextProvider>,
  );
}

const y = (element: Element | null, attribute: string) => Number(element?.getAttribute(attribute));

describe('IndicatorChart', () => {
  it('draws the series against the baseline and target lines, named for screen readers', () => {
    draw([
      { measuredOn: '2026-09-01', value: 45 },
      { measuredOn: '2026-11-20', value: 52 },
    ]);
    const chart = screen.getByRole('img', { name: 'Safety after dark against baseline and target' });
    const baseline = chart.querySelector('[data-line="baseline"]');
    const target = chart.querySelector('[data-line="target"]');
    // Higher values are higher up: the target (60) is above the baseline (38), and the points lie between them.
    expect(y(target, 'y1')).toBeLessThan(y(baseline, 'y1'));
    const points = [...chart.querySelectorAll('[data-point]')];
    expect(points.map((p) => p.getAttribute('data-point'))).toEqual(['measurement', 'measurement']);
    for (const point of points) {
      expect(y(point, 'cy')).toBeLessThan(y(baseline, 'y1'));
      expect(y(point, 'cy')).toBeGreaterThan(y(target, 'y1'));
    }
    // The later, higher value is drawn higher and further right.
    expect(y(points[1]!, 'cy')).toBeLessThan(y(points[0]!, 'cy'));
    expect(y(points[1]!, 'cx')).toBeGreaterThan(y(points[0]!, 'cx'));
    expect(screen.getByText('Dots: measurements.')).toBeInTheDocument();
    expect(screen.queryByText(/Hollow dot/)).not.toBeInTheDocument();
  });

  it('marks a correction with a hollow point (shape, not only colour) and says so in the legend', () => {
    draw([
      { measuredOn: '2026-09-01', value: 44, correction: true },
      { measuredOn: '2026-11-20', value: 52 },
    ]);
    const chart = screen.getByRole('img');
    const corrected = chart.querySelector('[data-point="correction"]');
    expect(corrected).not.toBeNull();
    expect(corrected?.getAttribute('fill')).toBe('#ffffff');
    expect(chart.querySelectorAll('[data-point="measurement"]')).toHaveLength(1);
    expect(screen.getByText('Dots: measurements. Hollow dot: a correction.')).toBeInTheDocument();
  });
});
