import { Cadence, computeProgress, IndicatorDirection, isMeasurementDue, periodOf } from './indicators';

const base = { baselineDate: '2026-01-01', targetDate: '2026-12-31', today: '2026-07-01' };

describe('progress towards a target', () => {
  it('measures an increase from baseline to target', () => {
    expect(computeProgress({ ...base, direction: IndicatorDirection.INCREASE, baseline: 40, target: 60, latest: 50 }).percent).toBe(50);
  });

  it('measures a decrease the same way', () => {
    expect(computeProgress({ ...base, direction: IndicatorDirection.DECREASE, baseline: 30, target: 10, latest: 25 }).percent).toBe(25);
  });

  it('is 100 at the target and on overshoot, in both directions', () => {
    expect(computeProgress({ ...base, direction: IndicatorDirection.INCREASE, baseline: 40, target: 60, latest: 60 })).toMatchObject({ percent: 100, targetReached: true, onTrack: true });
    expect(computeProgress({ ...base, direction: IndicatorDirection.INCREASE, baseline: 40, target: 60, latest: 75 })).toMatchObject({ percent: 100, targetReached: true });
    expect(computeProgress({ ...base, direction: IndicatorDirection.DECREASE, baseline: 30, target: 10, latest: 4 })).toMatchObject({ percent: 100, targetReached: true });
  });

  it('is 0 when the value moved the wrong way', () => {
    expect(computeProgress({ ...base, direction: IndicatorDirection.INCREASE, baseline: 40, target: 60, latest: 35 })).toMatchObject({ percent: 0, onTrack: false, targetReached: false });
    expect(computeProgress({ ...base, direction: IndicatorDirection.DECREASE, baseline: 30, target: 10, latest: 31 })).toMatchObject({ percent: 0, onTrack: false });
  });

  it('knows nothing before the first measurement', () => {
    expect(computeProgress({ ...base, direction: IndicatorDirection.INCREASE, baseline: 40, target: 60, latest: null })).toEqual({ percent: null, onTrack: null, expectedPercent: 49.7, targetReached: null });
  });

  it('with baseline equal to target, holding the value is 100 and losing it is 0', () => {
    expect(computeProgress({ ...base, direction: IndicatorDirection.INCREASE, baseline: 70, target: 70, latest: 70 }).percent).toBe(100);
    expect(computeProgress({ ...base, direction: IndicatorDirection.INCREASE, baseline: 70, target: 70, latest: 69 }).percent).toBe(0);
    expect(computeProgress({ ...base, direction: IndicatorDirection.DECREASE, baseline: 5, target: 5, latest: 4 }).percent).toBe(100);
    expect(computeProgress({ ...base, direction: IndicatorDirection.DECREASE, baseline: 5, target: 5, latest: 6 }).percent).toBe(0);
  });

  it('is on track when progress keeps up with the time elapsed, and behind otherwise', () => {
    // Half the year gone (49.7 %): 50 % of the way is on track, 40 % is not.
    expect(computeProgress({ ...base, direction: IndicatorDirection.INCREASE, baseline: 40, target: 60, latest: 50 }).onTrack).toBe(true);
    expect(computeProgress({ ...base, direction: IndicatorDirection.INCREASE, baseline: 40, target: 60, latest: 48 }).onTrack).toBe(false);
    // Before the baseline date nothing is expected yet; past the target date everything is.
    expect(computeProgress({ ...base, today: '2025-12-01', direction: IndicatorDirection.DECREASE, baseline: 30, target: 10, latest: 30 }).onTrack).toBe(true);
    expect(computeProgress({ ...base, today: '2027-03-01', direction: IndicatorDirection.DECREASE, baseline: 30, target: 10, latest: 12 })).toMatchObject({ expectedPercent: 100, onTrack: false, percent: 90 });
  });
});

describe('cadence', () => {
  it('names periods', () => {
    expect(periodOf('2026-11-28', Cadence.MONTHLY)).toBe('2026-11');
    expect(periodOf('2026-11-28', Cadence.QUARTERLY)).toBe('2026-Q4');
    expect(periodOf('2026-05-01', Cadence.SEMIANNUAL)).toBe('2026-H1');
    expect(periodOf('2026-05-01', Cadence.ANNUAL)).toBe('2026');
  });

  it('says a measurement is due when the period changed since the last one', () => {
    expect(isMeasurementDue('2026-10-15', Cadence.MONTHLY, '2026-11-02')).toBe(true);
    expect(isMeasurementDue('2026-11-01', Cadence.MONTHLY, '2026-11-28')).toBe(false);
    expect(isMeasurementDue('2026-10-15', Cadence.QUARTERLY, '2026-11-28')).toBe(false);
    expect(isMeasurementDue('2026-09-30', Cadence.QUARTERLY, '2026-10-01')).toBe(true);
  });
});
