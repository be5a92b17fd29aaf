import { Alert, Paper, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../api/client';

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

export function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="sm">{label}</Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
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
