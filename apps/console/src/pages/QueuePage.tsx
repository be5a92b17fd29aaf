import { Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../api/client';
import { formatTime } from '../time';
import { ClassBadge, SlaBadge } from './badges';
import { DEPARTMENTS } from '../departments';
import { CaseLink, ListFooter, ListHeader, LoadError, TableHead, usePagedQuery } from './lists';
import { seesAllDepartments } from './roles';

export interface QueueRow {
  complaintId: string;
  status: string;
  department: string;
  assignee?: string;
  severity: string;
  escalationClass: string;
  category: string;
  slaState: string;
  nearestDueAt?: string;
  supervised: boolean;
  crisis: boolean;
  openedAt: string;
}

const STATUSES = [
  'open',
  'awaiting_approval',
  'plan_approved',
  'executing',
  'resolved',
  'withdrawn',
];
const SLA_STATES = ['on_track', 'warning', 'breached', 'met', 'stopped'];
const CLASSES = ['general', 'important', 'hot', 'major'];
const PAGE_SIZE = 50;

/** Resolution's queue (GET /cases), nearest deadline first, scoped by the caller's token. */
export function QueuePage({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const seesAll = seesAllDepartments(session);
  const [department, setDepartment] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [slaState, setSlaState] = useState<string | null>(null);
  const [escalationClass, setEscalationClass] = useState<string | null>(null);
  const [assignee, setAssignee] = useState('');

  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (department) params.set('department', department);
  if (status) params.set('status', status);
  if (slaState) params.set('slaState', slaState);
  if (escalationClass) params.set('escalationClass', escalationClass);
  if (assignee.trim()) params.set('assignee', assignee.trim());
  const list = usePagedQuery<QueueRow>('resolution', `/cases?${params.toString()}`);
  const { rows, loading } = list;
  /** A filter's select: any value until one is chosen. */
  const filter = (
    name: string,
    value: string | null,
    onChange: (value: string | null) => void,
    group: string,
    values: string[],
  ) => ({
    label: t(`queue.${name}`),
    placeholder: t('queue.any'),
    value,
    onChange,
    data: values.map((v) => ({ value: v, label: t(`${group}.${v}`) })),
    clearable: true,
  });

  return (
    <Stack>
      <ListHeader
        title={t('queue.title')}
        refresh={t('queue.refresh')}
        onRefresh={list.refresh}
        loading={loading}
      />
      <Group align="end" role="search" aria-label={t('queue.filters')}>
        {seesAll && (
          <Select
            {...filter('department', department, setDepartment, 'departments', DEPARTMENTS)}
          />
        )}
        <Select {...filter('status', status, setStatus, 'statuses', STATUSES)} />
        <Select {...filter('slaState', slaState, setSlaState, 'sla', SLA_STATES)} />
        <Select
          {...filter('escalationClass', escalationClass, setEscalationClass, 'classes', CLASSES)}
        />
        <TextInput
          label={t('queue.assignee')}
          value={assignee}
          onChange={(e) => setAssignee(e.currentTarget.value)}
        />
      </Group>
      <LoadError error={list.error} />
      <Table striped highlightOnHover data-testid="queue">
        <TableHead
          columns={[
            t('queue.case'),
            t('queue.slaState'),
            t('queue.nearestDue'),
            t('queue.escalationClass'),
            t('queue.severity'),
            t('queue.status'),
            t('queue.department'),
            t('queue.assignee'),
            t('queue.opened'),
          ]}
        />
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.complaintId} data-case={row.complaintId}>
              <Table.Td>
                <CaseLink complaintId={row.complaintId} category={row.category} />
              </Table.Td>
              <Table.Td>
                <SlaBadge state={row.slaState} />
              </Table.Td>
              <Table.Td>{formatTime(row.nearestDueAt, i18n.language)}</Table.Td>
              <Table.Td>
                <ClassBadge value={row.escalationClass} />
              </Table.Td>
              <Table.Td>{t(`severities.${row.severity}`, row.severity)}</Table.Td>
              <Table.Td>{t(`statuses.${row.status}`, row.status)}</Table.Td>
              <Table.Td>{t(`departments.${row.department}`, row.department)}</Table.Td>
              <Table.Td>{row.assignee ?? '—'}</Table.Td>
              <Table.Td>{formatTime(row.openedAt, i18n.language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!loading && rows.length === 0 && <Text>{t('queue.empty')}</Text>}
      <ListFooter
        count={t('queue.count', { count: rows.length })}
        more={t('queue.more')}
        list={list}
      />
    </Stack>
  );
}
