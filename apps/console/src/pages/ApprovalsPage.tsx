import {
  Alert,
  Button,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { call } from '../api/client';
import { formatTime } from '../time';
import { ClassBadge, SlaBadge } from './badges';
import { ApprovalForm, RemedyView } from './CaseWork';
import type { QueueRow } from './QueuePage';
import { currentRemedy, fetchCaseDocument, useLabel, type CaseDocument } from './work';

interface WaitingRow extends QueueRow {
  pendingApprovals: string[];
}

const PAGE_SIZE = 50;

/** One waiting case opened in the inbox: its plan and the approve/reject form. */
function PlanReview({ complaintId, onDecided }: { complaintId: string; onDecided: () => void }) {
  const { t } = useTranslation();
  const [kase, setKase] = useState<CaseDocument | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let stale = false;
    fetchCaseDocument(complaintId).then(
      ({ body }) => {
        if (!stale) setKase(body);
      },
      (e: unknown) => {
        if (!stale) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      stale = true;
    };
  }, [complaintId]);

  if (error) {
    return (
      <Alert color="red" title={t('errors.generic')} role="alert">
        {error}
      </Alert>
    );
  }
  const remedy = kase && currentRemedy(kase);
  if (!kase || !remedy) return null;
  return (
    <Stack gap="sm" data-testid="plan-review">
      <RemedyView remedy={remedy} />
      <ApprovalForm complaintId={complaintId} remedy={remedy} onDone={onDecided} />
    </Stack>
  );
}

/**
 * Issue 17, point 5: the plans waiting for an approval the signed-in approver gives
 * (`GET /cases?awaitingMyApproval=true`; the approval matrix decides which), each opened in place
 * with its options and approved or rejected there.
 */
export function ApprovalsPage() {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const [rows, setRows] = useState<WaitingRow[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [open, setOpen] = useState<string | undefined>();
  const [decided, setDecided] = useState<string | undefined>();
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let stale = false;
    const params = new URLSearchParams({ awaitingMyApproval: 'true', limit: String(PAGE_SIZE) });
    call<{ items: WaitingRow[] }>('resolution', `/cases?${params.toString()}`).then(
      ({ body }) => {
        if (stale) return;
        setRows(body.items);
        setError(undefined);
        setLoaded(true);
      },
      (e: unknown) => {
        if (stale) return;
        setError(e instanceof Error ? e.message : String(e));
        setLoaded(true);
      },
    );
    return () => {
      stale = true;
    };
  }, [tick]);

  const onDecided = useCallback((complaintId: string) => {
    setOpen(undefined);
    setDecided(complaintId);
    setTick((n) => n + 1);
  }, []);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('casework.approvals.title')}</Title>
        <Button variant="default" onClick={() => setTick((n) => n + 1)}>
          {t('queue.refresh')}
        </Button>
      </Group>
      <Text>{t('casework.approvals.intro')}</Text>
      {decided && (
        <Alert color="green" title={t('casework.done')} data-testid="approval-decided">
          {t('casework.approvals.decided', { id: decided.slice(0, 8) })}
        </Alert>
      )}
      {error && (
        <Alert color="red" title={t('errors.generic')} role="alert">
          {error}
        </Alert>
      )}
      <Table data-testid="approvals">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('queue.case')}</Table.Th>
            <Table.Th>{t('casework.approvals.pending')}</Table.Th>
            <Table.Th>{t('queue.slaState')}</Table.Th>
            <Table.Th>{t('queue.nearestDue')}</Table.Th>
            <Table.Th>{t('queue.escalationClass')}</Table.Th>
            <Table.Th>{t('queue.department')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('casework.approvals.review')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.complaintId} data-case={row.complaintId}>
              <Table.Td>
                <Link href={`/cases/${row.complaintId}`}>
                  {row.category} · {row.complaintId.slice(0, 8)}
                </Link>
              </Table.Td>
              <Table.Td>{row.pendingApprovals.map((b) => label('bodies', b)).join(', ')}</Table.Td>
              <Table.Td>
                <SlaBadge state={row.slaState} />
              </Table.Td>
              <Table.Td>{formatTime(row.nearestDueAt, i18n.language)}</Table.Td>
              <Table.Td>
                <ClassBadge value={row.escalationClass} />
              </Table.Td>
              <Table.Td>{t(`departments.${row.department}`, row.department)}</Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="default"
                  aria-expanded={open === row.complaintId}
                  onClick={() =>
                    setOpen((current) =>
                      current === row.complaintId ? undefined : row.complaintId,
                    )
                  }
                >
                  {open === row.complaintId
                    ? t('casework.approvals.hide')
                    : t('casework.approvals.review')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {loaded && rows.length === 0 && <Text>{t('casework.approvals.empty')}</Text>}
      {open && (
        <Paper p="md" withBorder>
          <Title order={3} size="h4" mb="xs">
            {rows.find((r) => r.complaintId === open)?.category} · {open.slice(0, 8)}
          </Title>
          <PlanReview key={open} complaintId={open} onDecided={() => onDecided(open)} />
        </Paper>
      )}
    </Stack>
  );
}
