import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import {
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ApiError, call, loadSession, type Session } from '../../api/client';
import { formatTime } from '../../time';
import {
  FindingList,
  NotAllowed,
  Totals,
  decimal,
  mayReadAnalytics,
  valueLabel,
  type HotWord,
  type Overview,
  type TrendAlert,
} from './shared';
import { errorText, LoadError } from '../lists';

/** GET /analytics/reports/monthly?month=YYYY-MM. */
interface MonthlyReport extends Overview {
  month: string;
  timeZone: string;
  hotTopics: Array<{
    topicId: string;
    kind?: string;
    key?: string;
    detectedAt: string;
    complaintCount: number;
    status: string;
  }>;
  trendAlerts: TrendAlert[];
  hotWords: HotWord[];
  typicalCases: Array<{ complaintId: string; title: string; category: string }>;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const BREAKDOWNS = ['type', 'department', 'channel', 'region'];

/** This month in the viewer's calendar, as YYYY-MM. */
function currentMonth(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/**
 * The report as CSV, through the same route and token as every call: `Accept: text/csv` (the
 * Analytics API), saved under the name the service gives it.
 */
async function downloadCsv(month: string): Promise<string> {
  const session = loadSession();
  const response = await fetch(
    `/api/analytics/analytics/reports/monthly?month=${encodeURIComponent(month)}`,
    {
      headers: {
        Accept: 'text/csv',
        ...(session ? { Authorization: `Bearer ${session.token}` } : {}),
      },
    },
  );
  if (!response.ok) throw new ApiError(response.status, response.statusText, undefined, []);
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `redress-${month}.csv`;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click's task has run.
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return name;
}

export function MonthlyReportPage({ session }: { session: Session }) {
  const { t } = useTranslation();
  if (!mayReadAnalytics(session)) return <NotAllowed />;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('desk.analytics.report')}</Title>
        <Link href="/analytics">{t('desk.analytics.title')}</Link>
      </Group>
      <Report />
    </Stack>
  );
}

function Report() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [input, setInput] = useState(currentMonth);
  const [month, setMonth] = useState(currentMonth);
  const [tick, setTick] = useState(0);
  const [report, setReport] = useState<MonthlyReport | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [downloaded, setDownloaded] = useState<string | undefined>();
  const [downloading, setDownloading] = useState(false);

  useEffect(() => {
    let stale = false;
    call<MonthlyReport>(
      'analytics',
      `/analytics/reports/monthly?month=${encodeURIComponent(month)}`,
    ).then(
      ({ body }) => {
        if (stale) return;
        setReport(body);
        setError(undefined);
      },
      (e: unknown) => {
        if (!stale) setError(errorText(e));
      },
    );
    return () => {
      stale = true;
    };
  }, [month, tick]);

  const show = (event: FormEvent) => {
    event.preventDefault();
    if (MONTH.test(input)) {
      setMonth(input);
      setTick((n) => n + 1);
    }
  };

  const download = async () => {
    setDownloading(true);
    try {
      setDownloaded(await downloadCsv(month));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setDownloading(false);
    }
  };

  const categories = (report?.byDimension.category ?? []).slice(0, 10).map((v) => ({
    category: valueLabel(t, 'category', v.value),
    [t('desk.analytics.complaints')]: v.complaints,
  }));

  return (
    <Stack>
      <form onSubmit={show}>
        <Group align="end">
          <TextInput
            type="month"
            label={t('desk.analytics.month')}
            value={input}
            onChange={(e) => setInput(e.currentTarget.value)}
            error={input !== '' && !MONTH.test(input) ? 'YYYY-MM' : undefined}
            required
          />
          <Button type="submit" variant="default">
            {t('desk.analytics.show')}
          </Button>
          <Button onClick={() => void download()} loading={downloading} disabled={!report}>
            {t('desk.analytics.downloadCsv')}
          </Button>
        </Group>
      </form>
      {downloaded && (
        <Text size="sm" role="status" data-testid="csv-downloaded">
          {t('desk.analytics.downloaded', { name: downloaded })}
        </Text>
      )}
      <LoadError error={error} />
      {report && (
        <>
          <Text size="sm">{t('desk.analytics.timeZone', { zone: report.timeZone })}</Text>
          <Totals overview={report} testId="report-totals" complaintsTestId="report-complaints" />

          <Paper withBorder p="md" component="section" aria-labelledby="top-categories">
            <Title order={3} size="h4" id="top-categories" mb="xs">
              {t('desk.analytics.topCategories')}
            </Title>
            <BarChart
              h={220}
              data={categories}
              dataKey="category"
              data-testid="categories-chart"
              series={[{ name: t('desk.analytics.complaints'), color: 'indigo.8' }]}
            />
          </Paper>

          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {BREAKDOWNS.map((dimension) => (
              <Paper key={dimension} withBorder p="md">
                <Title order={3} size="h5" mb="xs">
                  {t('desk.analytics.volumeBy', {
                    dimension: t(`desk.analytics.dimensions.${dimension}`),
                  })}
                </Title>
                <Table data-testid={`report-${dimension}`}>
                  <Table.Tbody>
                    {(report.byDimension[dimension] ?? []).map((v) => (
                      <Table.Tr key={v.value ?? ''}>
                        <Table.Th scope="row">{valueLabel(t, dimension, v.value)}</Table.Th>
                        <Table.Td>{v.complaints}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Paper>
            ))}
          </SimpleGrid>

          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <FindingList
              title={t('desk.analytics.hotTopics')}
              items={report.hotTopics}
              itemKey={(topic) => topic.topicId}
              item={(topic) => (
                <>
                  {topic.kind ? t(`desk.analytics.kinds.${topic.kind}`, topic.kind) : ''}{' '}
                  {topic.key ?? ''} · {topic.complaintCount} ·{' '}
                  {formatTime(topic.detectedAt, language)}
                </>
              )}
            />
            <FindingList
              title={t('desk.analytics.trends')}
              items={report.trendAlerts}
              itemKey={(alert) => alert.alertId}
              item={(alert) => (
                <>
                  {t(`desk.analytics.trendDimensions.${alert.dimension}`, alert.dimension)}{' '}
                  {valueLabel(t, alert.dimension, alert.value)}: {alert.observed} /{' '}
                  {decimal(alert.expected, language)}
                </>
              )}
            />
            <FindingList
              title={t('desk.analytics.hotWords')}
              items={report.hotWords}
              itemKey={(word) => `${word.language}-${word.phrase}`}
              lang={(word) => word.language}
              item={(word) => (
                <>
                  {word.phrase} · {word.observed}
                </>
              )}
            />
            <FindingList
              title={t('desk.analytics.typicalCases')}
              items={report.typicalCases}
              itemKey={(c) => c.complaintId}
              testId="typical-cases"
              item={(c) => (
                <>
                  <Link href={`/follow-ups/${c.complaintId}`}>{c.title}</Link> · {c.category}
                </>
              )}
            />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
