import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { graphql } from './gql';
import type { CaseReportQuery as CaseReportData } from './gql/graphql';
import { isAbsent, problemOf } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { NotFound } from '../../ui/NotFound';
import { useFormat } from '../../ui/format';
import { IndicatorChart } from '../../ui/IndicatorChart';
import { usePageTitle } from '../../ui/usePageTitle';
import './report.css';

/**
 * Everything the report shows, as the API answers it for the reader: a field the reader may not see comes back null
 * (diagnosis, goal, outcome of a case not shared with them) or absent from a list (updates of a visibility they may
 * not read), and the report leaves it out. Stakeholders' personal data is not part of the report.
 */
export const CaseReportQuery = graphql(`
  query CaseReport($id: ID!) {
    case(id: $id) {
      id
      reference
      title
      type
      phase
      reviewDate
      closedAt
      outcome
      closingAssessment
      goal
      area {
        district
        address
      }
      leadOrganisation {
        id
        name
      }
      coordinator {
        id
        displayName
      }
      diagnosis {
        what
        where
        when
        who
        sources
      }
      participants {
        id
        role
        suspended
        organisation {
          id
          name
        }
      }
      risks {
        id
        title
        description
        likelihood
        impact
        score
        status
        mitigation
      }
      actions {
        id
        title
        kind
        status
        startsOn
        endsOn
        leadOrganisation {
          id
          name
        }
        progress {
          tasks
          done
          open
          overdue
          percentDone
        }
        tasks {
          id
          title
          status
          dueDate
          overdue
          organisation {
            id
            name
          }
          assignee {
            id
            displayName
          }
        }
      }
      indicators {
        id
        name
        unit
        baselineValue
        baselineDate
        targetValue
        targetDate
        latestValue
        latestMeasuredOn
        progress
        series {
          id
          measuredOn
          value
          supersedesId
        }
      }
      updates(first: 100) {
        totalCount
        edges {
          node {
            id
            kind
            visibility
            body
            createdAt
            author {
              id
              displayName
            }
          }
        }
      }
    }
  }
`);

type ReportCase = CaseReportData['case'];

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby={`report-${id}`} className="cg-report-section" data-section={id}>
      <Title order={2} id={`report-${id}`}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl style={{ display: 'grid', gridTemplateColumns: 'minmax(8rem, max-content) 1fr', gap: '4px 16px', margin: 0 }}>
      {rows.map(([label, value]) => (
        <div key={label} style={{ display: 'contents' }}>
          <dt style={{ fontWeight: 600 }}>{label}</dt>
          <dd style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Table({ label, head, rows, testId }: { label: string; head: string[]; rows: ReactNode[][]; testId?: string }) {
  return (
    <table className="cg-report-table" aria-label={label} data-testid={testId}>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((cells, i) => (
          <tr key={i}>
            {cells.map((cell, j) => (j === 0 ? <th key={j} scope="row">{cell}</th> : <td key={j}>{cell}</td>))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The measurements that stand: a corrected one is replaced by its correction. */
function standing(series: ReportCase['indicators'][number]['series']) {
  const superseded = new Set(series.map((m) => m.supersedesId).filter((id): id is string => !!id));
  return series.filter((m) => !superseded.has(m.id)).sort((a, b) => a.measuredOn.localeCompare(b.measuredOn));
}

function Report({ report }: { report: ReportCase }) {
  const { t } = useTranslation('report');
  const format = useFormat();
  const none = <Text>{t('none')}</Text>;
  const updates = report.updates.edges.map((e) => e.node);
  const hasOutcome = report.outcome !== null || report.closingAssessment !== null || report.closedAt !== null;
  const unit = (u: string, v: number | null | undefined) => (v === null || v === undefined ? '—' : u === 'PERCENT' ? `${format.number(v)} %` : format.number(v));
  return (
    <>
      <Section id="summary" title={t('summary.title')}>
        <Facts
          rows={[
            [t('summary.reference'), report.reference],
            [t('summary.type'), t(`type.${report.type}`)],
            [t('summary.phase'), t(`phase.${report.phase}`)],
            [t('summary.lead'), report.leadOrganisation.name],
            [t('summary.coordinator'), report.coordinator.displayName],
            [t('summary.area'), `${report.area.district}, ${report.area.address}`],
            [t('summary.reviewDate'), report.reviewDate ? format.date(report.reviewDate) : '—'],
          ]}
        />
      </Section>
      {report.diagnosis && (
        <Section id="diagnosis" title={t('diagnosis.title')}>
          <Facts
            rows={[
              [t('diagnosis.what'), report.diagnosis.what],
              [t('diagnosis.where'), report.diagnosis.where],
              [t('diagnosis.when'), report.diagnosis.when],
              [t('diagnosis.who'), report.diagnosis.who],
              [t('diagnosis.sources'), report.diagnosis.sources],
            ]}
          />
        </Section>
      )}
      {report.goal !== null && (
        <Section id="goal" title={t('goal.title')}>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{report.goal}</Text>
        </Section>
      )}
      <Section id="participants" title={t('participants.title')}>
        {report.participants.length === 0
          ? none
          : (
            <Table
              label={t('participants.title')}
              testId="report-participants"
              head={[t('participants.organisation'), t('participants.role')]}
              rows={report.participants.map((p) => [p.organisation.name, p.suspended ? t('participants.suspended', { role: t(`role.${p.role}`) }) : t(`role.${p.role}`)])}
            />
          )}
      </Section>
      <Section id="risks" title={t('risks.title')}>
        {report.risks.length === 0
          ? none
          : (
            <Table
              label={t('risks.title')}
              testId="report-risks"
              head={[t('risks.risk'), t('risks.score'), t('risks.status'), t('risks.mitigation')]}
              rows={report.risks.map((r) => [
                <>
                  {r.title}
                  {r.description && <Text size="sm">{r.description}</Text>}
                </>,
                t('risks.scoreValue', { score: format.number(r.score), likelihood: format.number(r.likelihood), impact: format.number(r.impact) }),
                t(`riskStatus.${r.status}`),
                r.mitigation || '—',
              ])}
            />
          )}
      </Section>
      <Section id="actions" title={t('actions.title')}>
        {report.actions.length === 0
          ? none
          : report.actions.map((a) => (
              <Stack key={a.id} gap="xs" component="article" aria-labelledby={`action-${a.id}`} data-testid="report-action">
                <Title order={3} id={`action-${a.id}`} size="h4">
                  {a.title}
                </Title>
                <Text size="sm">
                  {t('actions.meta', {
                    kind: t(`actionKind.${a.kind}`),
                    status: t(`actionStatus.${a.status}`),
                    from: format.date(a.startsOn),
                    to: format.date(a.endsOn),
                    lead: a.leadOrganisation.name,
                  })}
                </Text>
                <Text size="sm">
                  {t('actions.progress', { percent: format.number(Math.round(a.progress.percentDone)), done: format.number(a.progress.done), tasks: format.number(a.progress.tasks), overdue: format.number(a.progress.overdue) })}
                </Text>
                {a.tasks.length > 0 && (
                  <Table
                    label={t('actions.tasksOf', { action: a.title })}
                    head={[t('actions.task'), t('actions.status'), t('actions.due'), t('actions.who')]}
                    rows={a.tasks.map((task) => [
                      task.title,
                      task.overdue ? t('actions.overdue', { status: t(`taskStatus.${task.status}`) }) : t(`taskStatus.${task.status}`),
                      format.date(task.dueDate),
                      task.assignee ? `${task.assignee.displayName} (${task.organisation.name})` : task.organisation.name,
                    ])}
                  />
                )}
              </Stack>
            ))}
      </Section>
      <Section id="indicators" title={t('indicators.title')}>
        {report.indicators.length === 0
          ? none
          : report.indicators.map((i) => {
              const points = standing(i.series);
              return (
                <Stack key={i.id} gap="xs" component="article" aria-labelledby={`indicator-${i.id}`} data-testid="report-indicator">
                  <Title order={3} id={`indicator-${i.id}`} size="h4">
                    {i.name}
                  </Title>
                  <Facts
                    rows={[
                      [t('indicators.baseline'), t('indicators.valueOn', { value: unit(i.unit, i.baselineValue), date: format.date(i.baselineDate) })],
                      [t('indicators.target'), t('indicators.valueOn', { value: unit(i.unit, i.targetValue), date: format.date(i.targetDate) })],
                      [t('indicators.latest'), i.latestValue === null ? t('indicators.notMeasured') : t('indicators.valueOn', { value: unit(i.unit, i.latestValue), date: format.date(i.latestMeasuredOn) })],
                      [t('indicators.progress'), i.progress === null ? '—' : `${format.number(Math.round(i.progress))} %`],
                    ]}
                  />
                  {points.length > 0 && (
                    <>
                      <IndicatorChart
                        baseline={i.baselineValue}
                        target={i.targetValue}
                        points={points.map((m) => ({ measuredOn: m.measuredOn, value: m.value, correction: m.supersedesId !== null }))}
                        label={t('indicators.chartLabel', { name: i.name, count: points.length, baseline: format.number(i.baselineValue), target: format.number(i.targetValue) })}
                        legend={t('indicators.legend')}
                        correctionLegend={t('indicators.legendCorrection')}
                      />
                      <Table
                        label={t('indicators.measurementsOf', { name: i.name })}
                        head={[t('indicators.measuredOn'), t('indicators.value')]}
                        rows={points.map((m) => [format.date(m.measuredOn), m.supersedesId ? t('indicators.corrected', { value: unit(i.unit, m.value) }) : unit(i.unit, m.value)])}
                      />
                    </>
                  )}
                </Stack>
              );
            })}
      </Section>
      <Section id="updates" title={t('updates.title')}>
        {updates.length === 0
          ? none
          : (
            <Table
              label={t('updates.title')}
              testId="report-updates"
              head={[t('updates.when'), t('updates.kind'), t('updates.visibility'), t('updates.body')]}
              rows={updates.map((u) => [
                format.dateTime(u.createdAt),
                t(`updateKind.${u.kind}`),
                t(`visibility.${u.visibility}`),
                <>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{u.body}</span>
                  {u.author && <Text size="sm">— {u.author.displayName}</Text>}
                </>,
              ])}
            />
          )}
      </Section>
      {hasOutcome && (
        <Section id="outcome" title={t('outcome.title')}>
          <Facts
            rows={[
              [t('outcome.result'), report.outcome ? t(`outcomeValue.${report.outcome}`) : '—'],
              [t('outcome.closedAt'), report.closedAt ? format.date(report.closedAt) : '—'],
              [t('outcome.assessment'), report.closingAssessment ?? '—'],
            ]}
          />
        </Section>
      )}
    </>
  );
}

/**
 * `/cases/:id/report`: the case for a partnership meeting, on screen and on paper (the browser's print, or save as
 * PDF). An unknown case and one the reader may not see are the same "not found".
 */
export function CaseReportPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('report');
  const format = useFormat();
  // errorPolicy all: a section the API refuses leaves the rest of the report readable.
  const { data, error, refetch } = useQuery(CaseReportQuery, { variables: { id }, errorPolicy: 'all', fetchPolicy: 'network-only' });
  usePageTitle(data?.case ? t('documentTitle', { reference: data.case.reference }) : t('title'));
  const problem = problemOf(error);
  if (!data?.case && isAbsent(problem)) return <NotFound />;
  if (!data?.case) {
    if (problem) return <ErrorAlert problem={problem} onRetry={() => void refetch()} />;
    return <Text>{t('loading')}</Text>;
  }
  const report = data.case;
  return (
    <Stack gap="xl" data-page="case-report" maw={960}>
      <Group justify="space-between" className="cg-report-noprint">
        <Button component={Link} to={`/cases/${report.id}`} variant="subtle">
          {t('backToCase')}
        </Button>
        <Button onClick={() => window.print()}>{t('print')}</Button>
      </Group>
      <header>
        <Text size="sm">{t('kicker', { reference: report.reference })}</Text>
        <Title order={1}>{report.title}</Title>
        <Text size="sm">{t('printedOn', { date: format.dateTime(new Date().toISOString()) })}</Text>
        <Text size="sm">{t('onlyVisible')}</Text>
      </header>
      {problem && (
        <div className="cg-report-noprint">
          <ErrorAlert problem={problem} />
        </div>
      )}
      <Report report={report} />
    </Stack>
  );
}

/** The address of a case's report, for a "print report" link on the case page. */
export function caseReportPath(caseId: string): string {
  return `/cases/${caseId}/report`;
}
