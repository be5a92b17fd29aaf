import { Alert, List, Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../api/client';
import { TableHead } from '../lists';

/** The figures of GET /analytics/overview (and of the monthly report, which extends them). */
export interface Overview {
  from: string;
  to: string;
  complaints: number;
  resolved: number;
  closed: number;
  responseMetRate: number | null;
  resolutionMetRate: number | null;
  averageSatisfaction: number | null;
  reopenRate: number | null;
  firstContactResolutionRate: number | null;
  byDimension: Record<string, Array<{ value: string | null; complaints: number }>>;
}

export interface HotTopic {
  topicId: string;
  kind?: string;
  key?: string;
  subjectType: string;
  productSku?: string;
  detectedAt: string;
  complaintCount: number;
  status: 'active' | 'cooled';
  cooledAt?: string;
}

export interface TrendAlert {
  alertId: string;
  raisedAt: string;
  dimension: string;
  value: string;
  window: { start: string; end: string };
  observed: number;
  expected: number;
  score: number;
}

export interface HotWord {
  phrase: string;
  language: string;
  windows: number;
  observed: number;
  expected: number;
  maxScore: number;
}

/** Who reads the Analytics API (its README): the pages say so to anyone else. */
const READERS = ['analyst', 'supervisor', 'department_head', 'admin'];

export function mayReadAnalytics(session: Session): boolean {
  return session.roles.some((r) => READERS.includes(r));
}

export function NotAllowed() {
  const { t } = useTranslation();
  return <Alert color="gray">{t('desk.analytics.notAllowed')}</Alert>;
}

/** A rate of 0–1 as a percentage in the viewer's language; a dash while it cannot be known. */
export function percent(rate: number | null | undefined, language: string): string {
  if (rate === null || rate === undefined) return '—';
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(
    rate,
  );
}

export function decimal(value: number | null | undefined, language: string): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(value);
}

/** A rate as a chart value in percent (recharts leaves a null out of a line or a bar). */
export const toPercent = (rate: number | null): number | null =>
  rate === null ? null : Math.round(rate * 1000) / 10;

/** A breakdown's value in the viewer's words where the console has them. */
export function valueLabel(t: TFunction, dimension: string, value: string | null): string {
  if (value === null) return t('desk.analytics.unknown');
  const group: Record<string, string> = {
    department: 'departments',
    type: 'subjectTypes',
    channel: 'channels',
    severity: 'severities',
  };
  const key = group[dimension];
  return key ? t(`${key}.${value}`, value) : value;
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="sm">{label}</Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
    </Paper>
  );
}

// The totals in the order both pages show them: label key and figure.
const TOTALS: Array<[string, (overview: Overview, language: string) => string]> = [
  ['complaints', (o) => String(o.complaints)],
  ['resolved', (o) => String(o.resolved)],
  ['closed', (o) => String(o.closed)],
  ['satisfaction', (o, language) => decimal(o.averageSatisfaction, language)],
  ['responseMet', (o, language) => percent(o.responseMetRate, language)],
  ['resolutionMet', (o, language) => percent(o.resolutionMetRate, language)],
  ['reopenRate', (o, language) => percent(o.reopenRate, language)],
  ['fcrRate', (o, language) => percent(o.firstContactResolutionRate, language)],
];

/** A period's or a month's totals, one card each; the complaints' card carries its own test id. */
export function Totals(props: { overview: Overview; testId: string; complaintsTestId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} data-testid={props.testId}>
      {TOTALS.map(([key, figure]) => (
        <Stat
          key={key}
          label={t(`desk.analytics.${key}`)}
          value={figure(props.overview, i18n.language)}
          testId={key === 'complaints' ? props.complaintsTestId : undefined}
        />
      ))}
    </SimpleGrid>
  );
}

function NoFindings() {
  const { t } = useTranslation();
  return <Text size="sm">{t('desk.analytics.noFindings')}</Text>;
}

export interface Column<T> {
  head: string;
  cell: (row: T) => ReactNode;
  /** The language of the cell's text, where it is the customers' words. */
  lang?: (row: T) => string;
}

/** One kind of finding as a table under its heading, or a line saying there is none. */
export function FindingTable<T>(props: {
  title: string;
  testId: string;
  rows: readonly T[];
  rowKey: (row: T) => string;
  columns: ReadonlyArray<Column<T>>;
}) {
  const { rows, columns } = props;
  return (
    <>
      <Title order={4} size="h5" mt="sm">
        {props.title}
      </Title>
      {rows.length === 0 ? (
        <NoFindings />
      ) : (
        <Table data-testid={props.testId}>
          <TableHead columns={columns.map((c) => c.head)} />
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={props.rowKey(row)}>
                {columns.map((c) => (
                  <Table.Td key={c.head} lang={c.lang?.(row)}>
                    {c.cell(row)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}

/** One kind of finding as a list in its own box, or a line saying there is none. */
export function FindingList<T>(props: {
  title: string;
  items: readonly T[];
  itemKey: (item: T) => string;
  item: (item: T) => ReactNode;
  lang?: (item: T) => string;
  testId?: string;
}) {
  const { items } = props;
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h5" mb="xs">
        {props.title}
      </Title>
      {items.length === 0 ? (
        <NoFindings />
      ) : (
        <List data-testid={props.testId}>
          {items.map((item) => (
            <List.Item key={props.itemKey(item)} lang={props.lang?.(item)}>
              {props.item(item)}
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}

/** The viewer's local midnight `days` days before today's end, and today's end. */
export function lastDays(days: number, now = new Date()): Array<{ from: Date; to: Date }> {
  const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return Array.from({ length: days }, (_, i) => ({
    from: new Date(end.getFullYear(), end.getMonth(), end.getDate() - days + i),
    to: new Date(end.getFullYear(), end.getMonth(), end.getDate() - days + i + 1),
  }));
}
