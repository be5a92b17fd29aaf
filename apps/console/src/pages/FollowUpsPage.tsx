import { Badge, Checkbox, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../api/client';
import { formatTime } from '../time';
import { ClassBadge } from './badges';
import { DEPARTMENTS } from '../departments';
import { CaseLink, ListFooter, ListHeader, LoadError, TableHead, usePagedQuery } from './lists';
import { seesAllDepartments } from './roles';

/** One row of follow-up's due list (GET /follow-ups). */
export interface FollowUpRow {
  complaintId: string;
  status: string;
  department: string;
  round: number;
  severity: string;
  escalationClass: string;
  category: string;
  resolvedAt: string;
  dueAt: string;
  nextAttemptAt?: string;
  callAt: string;
  overdue: boolean;
  attempts: number;
  closedAt?: string;
  outcome?: string;
  needsReview: boolean;
  openCorrectiveActions: number;
}

export const FOLLOWUP_STATUSES = ['awaiting_callback', 'reopened', 'closed'];
const PAGE_SIZE = 50;

/** The callbacks to make, the next one first, scoped by the caller's token as the API scopes. */
export function FollowUpsPage({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState('awaiting_callback');
  const [department, setDepartment] = useState<string | null>(null);
  const [needsReview, setNeedsReview] = useState(false);

  const params = new URLSearchParams({ limit: String(PAGE_SIZE), status });
  if (department) params.set('department', department);
  if (status === 'closed' && needsReview) params.set('needsReview', 'true');
  const list = usePagedQuery<FollowUpRow>('follow-up', `/follow-ups?${params.toString()}`);
  const { rows, loading } = list;

  return (
    <Stack>
      <ListHeader
        title={t('desk.followUps.title')}
        refresh={t('desk.followUps.refresh')}
        onRefresh={list.refresh}
        loading={loading}
      />
      <Group align="end" role="search" aria-label={t('desk.followUps.filters')}>
        <Select
          label={t('desk.followUps.status')}
          value={status}
          onChange={(v) => setStatus(v ?? 'awaiting_callback')}
          data={FOLLOWUP_STATUSES.map((s) => ({ value: s, label: t(`desk.statuses.${s}`) }))}
          allowDeselect={false}
        />
        {seesAllDepartments(session) && (
          <Select
            label={t('desk.followUps.department')}
            placeholder={t('desk.followUps.any')}
            value={department}
            onChange={setDepartment}
            data={DEPARTMENTS.map((d) => ({ value: d, label: t(`departments.${d}`) }))}
            clearable
          />
        )}
        {status === 'closed' && (
          <Checkbox
            label={t('desk.followUps.needsReview')}
            checked={needsReview}
            onChange={(e) => setNeedsReview(e.currentTarget.checked)}
          />
        )}
      </Group>
      <LoadError error={list.error} />
      <Table striped highlightOnHover data-testid="follow-ups">
        <TableHead
          columns={[
            t('desk.followUps.case'),
            t('desk.followUps.callAt'),
            t('desk.followUps.dueAt'),
            t('desk.followUps.attempts'),
            t('desk.followUps.escalationClass'),
            t('desk.followUps.severity'),
            t('desk.followUps.department'),
            t('desk.followUps.round'),
            t('desk.followUps.status'),
            t('desk.followUps.openActions'),
          ]}
        />
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.complaintId} data-follow-up={row.complaintId}>
              <Table.Td>
                <CaseLink complaintId={row.complaintId} category={row.category} to="follow-ups" />
              </Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm">{formatTime(row.callAt, i18n.language)}</Text>
                  {row.overdue && (
                    <Badge color="#c92a2a" variant="filled" autoContrast>
                      {t('desk.followUps.overdue')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{formatTime(row.dueAt, i18n.language)}</Table.Td>
              <Table.Td>{row.attempts}</Table.Td>
              <Table.Td>
                <ClassBadge value={row.escalationClass} />
              </Table.Td>
              <Table.Td>{t(`severities.${row.severity}`, row.severity)}</Table.Td>
              <Table.Td>{t(`departments.${row.department}`, row.department)}</Table.Td>
              <Table.Td>{row.round}</Table.Td>
              <Table.Td>
                {t(`desk.statuses.${row.status}`, row.status)}
                {row.outcome ? ` · ${t(`desk.outcomes.${row.outcome}`, row.outcome)}` : ''}
                {row.needsReview ? ` · ${t('desk.followUp.needsReview')}` : ''}
              </Table.Td>
              <Table.Td>{row.openCorrectiveActions}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!loading && rows.length === 0 && <Text>{t('desk.followUps.empty')}</Text>}
      <ListFooter
        count={t('desk.followUps.count', { count: rows.length })}
        more={t('desk.followUps.more')}
        list={list}
      />
    </Stack>
  );
}
