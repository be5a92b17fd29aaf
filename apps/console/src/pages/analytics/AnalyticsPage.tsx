import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import {
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { call, type Session } from '../../api/client';
import { formatTime } from '../../time';
import { errorText, LoadError, TableHead } from '../lists';
import { seesAllDepartments } from '../roles';
import {
  FindingTable,
  NotAllowed,
  Totals,
  decimal,
  lastDays,
  mayReadAnalytics,
  percent,
  toPercent,
  valueLabel,
  type HotTopic,
  type HotWord,
  type Overview,
  type TrendAlert,
} from './shared';

const PERIODS = ['7', '14', '30'];
const DIMENSIONS = ['department', 'type', 'channel', 'category', 'region', 'severity'];

interface Loaded {
  key: string;
  total: Overview;
  days: Array<{ from: Date; overview: Overview }>;
  departments: Array<{ department: string; overview: Overview }>;
  topics: HotTopic[];
  alerts: TrendAlert[];
  words: HotWord[];
}

const overviewPath = (from: Date, to: Date, department?: string) => {
  const params = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
  if (department) params.set('department', department);
  return `/analytics/overview?${params.toString()}`;
};

/**
 * One period's figures: its totals, one overview per day (the volume and SLA charts), one per
 * department that had complaints (the scorecard), and the findings of the period.
 */
async function loadPeriod(days: number, session: Session, key: string): Promise<Loaded> {
  const periodDays = lastDays(days);
  const from = periodDays[0]?.from ?? new Date();
  const to = periodDays[periodDays.length - 1]?.to ?? new Date();
  const period = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
  const [total, perDay, topics, alerts, words] = await Promise.all([
    call<Overview>('analytics', overviewPath(from, to)),
    Promise.all(periodDays.map((d) => call<Overview>('analytics', overviewPath(d.from, d.to)))),
    call<{ topics: HotTopic[] }>('analytics', `/analytics/hot-topics?${period.toString()}`),
    call<{ alerts: TrendAlert[] }>('analytics', `/analytics/trends?${period.toString()}`),
    call<{ words: HotWord[] }>('analytics', `/analytics/hot-words?${period.toString()}`),
  ]);
  // A department-scoped reader's overview is its own department's already.
  const departments = seesAllDepartments(session)
    ? (total.body.byDimension.department ?? [])
        .map((d) => d.value)
        .filter((d): d is string => d !== null)
    : session.department
      ? [session.department]
      : [];
  const scorecard = await Promise.all(
    departments.map(async (department) => ({
      department,
      overview: (await call<Overview>('analytics', overviewPath(from, to, department))).body,
    })),
  );
  return {
    key,
    total: total.body,
    days: periodDays.map((d, i) => ({ from: d.from, overview: perDay[i]?.body ?? total.body })),
    departments: scorecard,
    topics: topics.body.topics,
    alerts: alerts.body.alerts,
    words: words.body.words,
  };
}

/** One part of the page, named by its heading, with a line saying what its chart shows. */
function Section(props: { id: string; title: string; note?: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={props.id}>
      <Title order={3} size="h4" id={props.id}>
        {props.title}
      </Title>
      {props.note && (
        <Text size="sm" mb="xs">
          {props.note}
        </Text>
      )}
      {props.children}
    </Paper>
  );
}

/** Volume, SLA compliance, the department scorecard and the findings of the last days. */
export function AnalyticsPage({ session }: { session: Session }) {
  const { t } = useTranslation();
  if (!mayReadAnalytics(session)) return <NotAllowed />;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('desk.analytics.title')}</Title>
        <Link href="/analytics/report">{t('desk.analytics.report')}</Link>
      </Group>
      <AnalyticsBody session={session} />
    </Stack>
  );
}

function AnalyticsBody({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [days, setDays] = useState('14');
  const [tick, setTick] = useState(0);
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [dimension, setDimension] = useState('department');
  const key = `${days}#${tick}`;
  const loading = loaded?.key !== key && error === undefined;

  useEffect(() => {
    let stale = false;
    loadPeriod(Number(days), session, key).then(
      (result) => {
        if (stale) return;
        setLoaded(result);
        setError(undefined);
      },
      (e: unknown) => {
        if (!stale) setError(errorText(e));
      },
    );
    return () => {
      stale = true;
    };
  }, [days, key, session]);

  const dayLabel = useMemo(
    () => new Intl.DateTimeFormat(language, { month: 'short', day: 'numeric' }),
    [language],
  );
  const volume = (loaded?.days ?? []).map((d) => ({
    day: dayLabel.format(d.from),
    [t('desk.analytics.complaints')]: d.overview.complaints,
    [t('desk.analytics.resolved')]: d.overview.resolved,
  }));
  const sla = (loaded?.days ?? []).map((d) => ({
    day: dayLabel.format(d.from),
    [t('desk.analytics.responseMet')]: toPercent(d.overview.responseMetRate),
    [t('desk.analytics.resolutionMet')]: toPercent(d.overview.resolutionMetRate),
  }));
  const breakdown = (loaded?.total.byDimension[dimension] ?? []).slice(0, 15).map((v) => ({
    value: valueLabel(t, dimension, v.value),
    [t('desk.analytics.complaints')]: v.complaints,
  }));
  const scorecard = (loaded?.departments ?? []).map((d) => ({
    department: t(`departments.${d.department}`, d.department),
    [t('desk.analytics.resolutionMet')]: toPercent(d.overview.resolutionMetRate),
    [t('desk.analytics.fcrRate')]: toPercent(d.overview.firstContactResolutionRate),
    [t('desk.analytics.reopenRate')]: toPercent(d.overview.reopenRate),
  }));
  const total = loaded?.total;

  return (
    <Stack>
      <Group align="end">
        <Select
          label={t('desk.analytics.period')}
          value={days}
          onChange={(v) => setDays(v ?? '14')}
          data={PERIODS.map((n) => ({
            value: n,
            label: t('desk.analytics.lastDays', { count: Number(n) }),
          }))}
          allowDeselect={false}
        />
        <Button variant="default" onClick={() => setTick((n) => n + 1)} loading={loading}>
          {t('desk.followUps.refresh')}
        </Button>
      </Group>
      <LoadError error={error} />
      {total && (
        <>
          <section aria-labelledby="totals">
            <Title order={3} size="h4" id="totals" mb="xs">
              {t('desk.analytics.totals')}
            </Title>
            <Totals
              overview={total}
              testId="analytics-totals"
              complaintsTestId="total-complaints"
            />
          </section>

          <Section
            id="volume"
            title={t('desk.analytics.volume')}
            note={t('desk.analytics.volumeByDay')}
          >
            <LineChart
              h={240}
              data={volume}
              dataKey="day"
              withLegend
              data-testid="volume-chart"
              series={[
                { name: t('desk.analytics.complaints'), color: 'indigo.8' },
                { name: t('desk.analytics.resolved'), color: 'teal.9' },
              ]}
              curveType="linear"
            />
            <Group justify="space-between" mt="md" mb="xs">
              <Text size="sm">
                {t('desk.analytics.volumeBy', {
                  dimension: t(`desk.analytics.dimensions.${dimension}`),
                })}
              </Text>
              <SegmentedControl
                size="xs"
                aria-label={t('desk.analytics.dimension')}
                value={dimension}
                onChange={setDimension}
                data={DIMENSIONS.map((d) => ({
                  value: d,
                  label: t(`desk.analytics.dimensions.${d}`),
                }))}
              />
            </Group>
            <BarChart
              h={240}
              data={breakdown}
              dataKey="value"
              data-testid="breakdown-chart"
              series={[{ name: t('desk.analytics.complaints'), color: 'indigo.8' }]}
            />
            <VisuallyHidden>
              <Table>
                <Table.Tbody>
                  {breakdown.map((row) => (
                    <Table.Tr key={row.value}>
                      <Table.Th>{row.value}</Table.Th>
                      <Table.Td>{row[t('desk.analytics.complaints')]}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </VisuallyHidden>
          </Section>

          <Section id="sla" title={t('desk.analytics.sla')} note={t('desk.analytics.slaByDay')}>
            <LineChart
              h={240}
              data={sla}
              dataKey="day"
              withLegend
              unit="%"
              connectNulls
              yAxisProps={{ domain: [0, 100] }}
              data-testid="sla-chart"
              series={[
                { name: t('desk.analytics.responseMet'), color: 'indigo.8' },
                { name: t('desk.analytics.resolutionMet'), color: 'orange.9' },
              ]}
            />
          </Section>

          <Section id="scorecard" title={t('desk.analytics.scorecard')}>
            <Table striped data-testid="scorecard" mb="md">
              <TableHead
                columns={[
                  t('desk.followUps.department'),
                  t('desk.analytics.complaints'),
                  t('desk.analytics.resolved'),
                  t('desk.analytics.closed'),
                  t('desk.analytics.responseMet'),
                  t('desk.analytics.resolutionMet'),
                  t('desk.analytics.satisfaction'),
                  t('desk.analytics.reopenRate'),
                  t('desk.analytics.fcrRate'),
                ]}
              />
              <Table.Tbody>
                {(loaded?.departments ?? []).map(({ department, overview }) => (
                  <Table.Tr key={department} data-department={department}>
                    <Table.Th scope="row">{t(`departments.${department}`, department)}</Table.Th>
                    <Table.Td>{overview.complaints}</Table.Td>
                    <Table.Td>{overview.resolved}</Table.Td>
                    <Table.Td>{overview.closed}</Table.Td>
                    <Table.Td>{percent(overview.responseMetRate, language)}</Table.Td>
                    <Table.Td>{percent(overview.resolutionMetRate, language)}</Table.Td>
                    <Table.Td>{decimal(overview.averageSatisfaction, language)}</Table.Td>
                    <Table.Td>{percent(overview.reopenRate, language)}</Table.Td>
                    <Table.Td>{percent(overview.firstContactResolutionRate, language)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="sm" mb="xs">
              {t('desk.analytics.scorecardChart')}
            </Text>
            <BarChart
              h={240}
              data={scorecard}
              dataKey="department"
              unit="%"
              withLegend
              yAxisProps={{ domain: [0, 100] }}
              data-testid="scorecard-chart"
              series={[
                { name: t('desk.analytics.resolutionMet'), color: 'indigo.8' },
                { name: t('desk.analytics.fcrRate'), color: 'teal.9' },
                { name: t('desk.analytics.reopenRate'), color: 'red.9' },
              ]}
            />
          </Section>

          <Findings loaded={loaded} />
        </>
      )}
    </Stack>
  );
}

/** Hot topics, trend alerts and hot words of the period: tables, read by anyone with a screen. */
function Findings({ loaded }: { loaded: Loaded | undefined }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  if (!loaded) return null;
  const heading = (key: string) => t(`desk.analytics.${key}`);
  return (
    <Section id="findings" title={t('desk.analytics.findings')}>
      <FindingTable
        title={t('desk.analytics.hotTopics')}
        testId="hot-topics"
        rows={loaded.topics}
        rowKey={(topic) => topic.topicId}
        columns={[
          {
            head: heading('kind'),
            cell: (topic) =>
              t(`desk.analytics.kinds.${topic.kind ?? topic.subjectType}`, topic.kind ?? ''),
          },
          { head: heading('key'), cell: (topic) => topic.key ?? topic.productSku ?? '—' },
          { head: heading('complaints'), cell: (topic) => topic.complaintCount },
          { head: heading('detectedAt'), cell: (topic) => formatTime(topic.detectedAt, language) },
          {
            head: heading('status'),
            cell: (topic) => t(`desk.analytics.topicStatuses.${topic.status}`),
          },
        ]}
      />
      <FindingTable
        title={t('desk.analytics.trends')}
        testId="trend-alerts"
        rows={loaded.alerts}
        rowKey={(alert) => alert.alertId}
        columns={[
          {
            head: heading('dimension'),
            cell: (alert) =>
              t(`desk.analytics.trendDimensions.${alert.dimension}`, alert.dimension),
          },
          { head: heading('value'), cell: (alert) => valueLabel(t, alert.dimension, alert.value) },
          {
            head: heading('window'),
            cell: (alert) => (
              <>
                {formatTime(alert.window.start, language)} –{' '}
                {formatTime(alert.window.end, language)}
              </>
            ),
          },
          { head: heading('observed'), cell: (alert) => alert.observed },
          { head: heading('expected'), cell: (alert) => decimal(alert.expected, language) },
          { head: heading('score'), cell: (alert) => decimal(alert.score, language) },
        ]}
      />
      <FindingTable
        title={t('desk.analytics.hotWords')}
        testId="hot-words"
        rows={loaded.words.slice(0, 30)}
        rowKey={(word) => `${word.language}-${word.phrase}`}
        columns={[
          { head: heading('phrase'), cell: (word) => word.phrase, lang: (word) => word.language },
          { head: heading('observed'), cell: (word) => word.observed },
          { head: heading('expected'), cell: (word) => decimal(word.expected, language) },
          { head: heading('windows'), cell: (word) => word.windows },
          { head: heading('score'), cell: (word) => decimal(word.maxScore, language) },
        ]}
      />
    </Section>
  );
}
