import { sql, type Sql } from '@cg/server/db';
import { SummaryGroupBy, SummaryPeriod } from './indicator.model';

// The SQL of the indicators context (catalogue, indicators and measurements, reminders, the summary across cases).
// Services call these; each returns a statement (or a fragment) of the `sql` tagged template, whose values are always
// parameters.

// ---------------------------------------------------------------------------------------------------- catalogue

/** Catalogue entries, every version or the latest of each code, by code and version. */
export function catalogueEntries(allVersions: boolean): Sql {
  const latest = sql`e.version = (SELECT max(v.version) FROM indicator_catalogue v WHERE v.code = e.code)`;
  return sql`SELECT e.* FROM indicator_catalogue e WHERE ${allVersions ? sql.true : latest} ORDER BY e.code, e.version`;
}

/** Serialises the writers of one code's next version, until the transaction ends. */
export function lockCatalogueCode(code: string): Sql {
  return sql`SELECT pg_advisory_xact_lock(hashtext(${`catalogue:${code}`}))`;
}

export function nextCatalogueVersion(code: string): Sql {
  return sql`SELECT coalesce(max(version), 0)::int + 1 AS next FROM indicator_catalogue WHERE code = ${code}`;
}

export function catalogueCodes(): Sql {
  return sql`SELECT DISTINCT code FROM indicator_catalogue`;
}

// ---------------------------------------------------------------------------------------------------- indicators and measurements

/** Indicators meeting the condition (on an indicator aliased `i`), with their catalogue version, by creation. */
export function indicatorsWhere(condition: Sql): Sql {
  return sql`SELECT i.id, i.case_id, i.code, ce.version AS catalogue_version, i.name, i.unit, i.direction, i.source, i.cadence,
            i.baseline_value, to_char(i.baseline_date, 'YYYY-MM-DD') AS baseline_date, i.target_value, to_char(i.target_date, 'YYYY-MM-DD') AS target_date, i.version
       FROM indicators i LEFT JOIN indicator_catalogue ce ON ce.id = i.catalogue_entry_id
      WHERE ${condition} ORDER BY i.created_at, i.id`;
}

/** A measurement that a correction supersedes; the effective measurements are the others. */
const SUPERSEDED = (m: string) => sql`EXISTS (SELECT 1 FROM measurements s WHERE s.supersedes_id = ${sql.ident(`${m}.id`)})`;
const EFFECTIVE = (m: string) => sql`NOT ${SUPERSEDED(m)}`;

/** Effective measurements (not superseded) of the indicators, in date order. */
export function effectiveMeasurements(indicatorIds: readonly string[]): Sql {
  return sql`SELECT m.id, m.indicator_id, m.value, to_char(m.measured_on, 'YYYY-MM-DD') AS measured_on, m.source_note, m.sample_size, m.supersedes_id,
            u.display_name AS recorded_by, m.recorded_at
       FROM measurements m LEFT JOIN users u ON u.id = m.recorded_by_id
      WHERE m.indicator_id = ANY(${[...indicatorIds]}) AND ${EFFECTIVE('m')}
      ORDER BY m.measured_on, m.recorded_at`;
}

/** The measurement of the indicator a correction supersedes, locked, and whether it is corrected already. */
export function measurementToCorrect(measurementId: string, indicatorId: string): Sql {
  return sql`SELECT id, ${SUPERSEDED('m')} AS corrected FROM measurements m WHERE m.id = ${measurementId} AND m.indicator_id = ${indicatorId} FOR UPDATE`;
}

/** Inserts measurements in one statement (rows as JSON), returning what each one is. */
export function insertMeasurements(rows: { indicator_id: string; value: number; measured_on: string; source_note: string; sample_size: number }[], recordedById: string | null): Sql {
  return sql`INSERT INTO measurements (indicator_id, value, measured_on, source_note, sample_size, recorded_by_id)
     SELECT r.indicator_id, r.value, r.measured_on, r.source_note, r.sample_size, ${recordedById}
       FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(indicator_id uuid, value double precision, measured_on date, source_note varchar, sample_size integer)
     RETURNING id, indicator_id, value, to_char(measured_on, 'YYYY-MM-DD') AS measured_on, sample_size`;
}

/** Indicators of open cases with their cadence and the last day measured (or the baseline day). */
export function indicatorsOfOpenCases(): Sql {
  return sql`SELECT i.id, i.case_id, i.cadence, to_char(greatest(i.baseline_date, coalesce(max(m.measured_on), i.baseline_date)), 'YYYY-MM-DD') AS last_day
       FROM indicators i JOIN cases c ON c.id = i.case_id AND c.phase <> 'CLOSED'
       LEFT JOIN measurements m ON m.indicator_id = i.id
      GROUP BY i.id`;
}

/**
 * Writes the reminders of indicators due a measurement (one per indicator and period) into indicator_reminders, and
 * returns those just written with their case.
 */
export function freshMeasurementReminders(due: readonly { indicatorId: string; caseId: string; period: string }[]): Sql {
  return sql`WITH due AS (SELECT * FROM unnest(${due.map((d) => d.indicatorId)}::uuid[], ${due.map((d) => d.caseId)}::uuid[], ${due.map((d) => d.period)}::text[]) AS d(indicator_id, case_id, period)),
          fresh AS (
            INSERT INTO indicator_reminders (indicator_id, period) SELECT indicator_id, period FROM due
            ON CONFLICT DO NOTHING RETURNING indicator_id, period
          )
     SELECT d.indicator_id, d.case_id, d.period FROM fresh f JOIN due d ON d.indicator_id = f.indicator_id AND d.period = f.period`;
}

// ---------------------------------------------------------------------------------------------------- summary

/** Progress of one scored row `l`, in SQL, exactly as computeProgress does it (libs/shared/domain/src/indicators.ts). */
const SIGN = sql`(CASE l.direction WHEN 'INCREASE' THEN 1 ELSE -1 END)`;
const PROGRESS = sql`CASE
  WHEN l.value IS NULL THEN NULL
  WHEN ${SIGN} * (l.target_value - l.baseline_value) <= 0 THEN CASE WHEN ${SIGN} * (l.value - l.target_value) >= 0 THEN 100 ELSE 0 END
  ELSE least(100, greatest(0, 100 * ${SIGN} * (l.value - l.baseline_value) / (${SIGN} * (l.target_value - l.baseline_value))))
END`;
const EXPECTED = (asOf: Sql) =>
  sql`CASE WHEN l.target_date <= l.baseline_date THEN 100 ELSE least(100, greatest(0, 100.0 * (${asOf} - l.baseline_date) / (l.target_date - l.baseline_date))) END`;

const GROUP_KEY: Record<SummaryGroupBy, Sql> = {
  [SummaryGroupBy.DISTRICT]: sql`c.district`,
  [SummaryGroupBy.CASE_TYPE]: sql`c.type::text`,
  [SummaryGroupBy.LEAD_ORGANISATION]: sql`o.name`,
  [SummaryGroupBy.PERIOD]: sql`l.bucket`,
};

/** The catalogue codes of the indicators that meet `access` (a condition on an indicator aliased `i`): those a summary has cases for. */
export function summarisedCodes(access: Sql): Sql {
  return sql`SELECT DISTINCT i.code FROM indicators i WHERE i.code IS NOT NULL AND ${access} ORDER BY i.code`;
}

/**
 * Statistics of a catalogue indicator's latest values (per period when grouped by period) across the indicators that
 * meet `access` (a condition on an indicator aliased `i`), by group: case count, median and mean progress, share on
 * track, mean latest value, and the total count of cases on each row.
 */
export function indicatorSummary(options: { code: string; access: Sql; groupBy: SummaryGroupBy; period: SummaryPeriod; today: string }): Sql {
  const byPeriod = options.groupBy === SummaryGroupBy.PERIOD;
  const bucket = byPeriod ? (options.period === SummaryPeriod.MONTH ? sql`to_char(m.measured_on, 'YYYY-MM')` : sql`to_char(m.measured_on, 'YYYY-"Q"Q')`) : sql`''`;
  const perBucket = byPeriod ? sql`, ${bucket}` : sql.empty;
  const asOf = byPeriod ? sql`l.measured_on` : sql`${options.today}::date`;
  return sql`WITH latest AS (
       SELECT DISTINCT ON (i.id${perBucket}) i.id, i.case_id, i.direction, i.baseline_value, i.target_value, i.baseline_date, i.target_date,
              m.value, m.measured_on, ${bucket} AS bucket
         FROM indicators i
         JOIN cases c ON c.id = i.case_id
         ${byPeriod ? sql`JOIN` : sql`LEFT JOIN`} measurements m ON m.indicator_id = i.id AND ${EFFECTIVE('m')}
        WHERE i.code = ${options.code} AND ${options.access}
        ORDER BY i.id${perBucket}, m.measured_on DESC NULLS LAST, m.recorded_at DESC
     ), scored AS (
       SELECT l.case_id, l.value, ${GROUP_KEY[options.groupBy]} AS key, ${PROGRESS} AS progress, ${EXPECTED(asOf)} AS expected
         FROM latest l JOIN cases c ON c.id = l.case_id JOIN organisations o ON o.id = c.lead_organisation_id
     )
     SELECT key, count(DISTINCT case_id)::int AS cases,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY progress) AS median,
            avg(progress)::float8 AS mean,
            (100.0 * avg(CASE WHEN progress >= 100 OR progress >= expected THEN 1 ELSE 0 END) FILTER (WHERE progress IS NOT NULL))::float8 AS on_track,
            avg(value)::float8 AS latest,
            (SELECT count(DISTINCT case_id) FROM scored)::int AS total
       FROM scored GROUP BY key ORDER BY key`;
}
