import { Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../time';
import { ClassBadge, SlaBadge } from './badges';
import { ApprovalForm, RemedyView } from './CaseWork';
import { CaseLink, errorText, ListHeader, LoadError, TableHead, usePagedQuery } from './lists';
import type { QueueRow } from './QueuePage';
import {
  currentRemedy,
  fetchCaseDocument,
  OpenRowButton,
  useLabel,
  useRowWork,
  WorkDone,
  type CaseDocument,
} from './work';

interface WaitingRow extends QueueRow {
  pendingApprovals: string[];
}

const PAGE_SIZE = 50;
const WAITING = `/cases?${new URLSearchParams({ awaitingMyApproval: 'true', limit: String(PAGE_SIZE) }).toString()}`;

/** One waiting case opened in the inbox: its plan and the approve/reject form. */
function PlanReview({ complaintId, onDecided }: { complaintId: string; onDecided: () => void }) {
  const [kase, setKase] = useState<CaseDocument | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let stale = false;
    fetchCaseDocument(complaintId).then(
      ({ body }) => {
        if (!stale) setKase(body);
      },
      (e: unknown) => {
        if (!stale) setError(errorText(e));
      },
    );
    return () => {
      stale = true;
    };
  }, [complaintId]);

  if (error) return <LoadError error={error} />;
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
  const list = usePagedQuery<WaitingRow>('resolution', WAITING);
  const work = useRowWork(list.refresh);
  const { open } = work;

  return (
    <Stack>
      <ListHeader
        title={t('casework.approvals.title')}
        refresh={t('queue.refresh')}
        onRefresh={list.refresh}
      />
      <Text>{t('casework.approvals.intro')}</Text>
      <WorkDone
        done={work.done}
        testId="approval-decided"
        message={(id) => t('casework.approvals.decided', { id })}
      />
      <LoadError error={list.error} />
      <Table data-testid="approvals">
        <TableHead
          columns={[
            t('queue.case'),
            t('casework.approvals.pending'),
            t('queue.slaState'),
            t('queue.nearestDue'),
            t('queue.escalationClass'),
            t('queue.department'),
            <VisuallyHidden key="review">{t('casework.approvals.review')}</VisuallyHidden>,
          ]}
        />
        <Table.Tbody>
          {list.rows.map((row) => (
            <Table.Tr key={row.complaintId} data-case={row.complaintId}>
              <Table.Td>
                <CaseLink complaintId={row.complaintId} category={row.category} />
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
                <OpenRowButton id={row.complaintId} work={work}>
                  {open === row.complaintId
                    ? t('casework.approvals.hide')
                    : t('casework.approvals.review')}
                </OpenRowButton>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.loaded && list.rows.length === 0 && <Text>{t('casework.approvals.empty')}</Text>}
      {open && (
        <Paper p="md" withBorder>
          <Title order={3} size="h4" mb="xs">
            {list.rows.find((r) => r.complaintId === open)?.category} · {open.slice(0, 8)}
          </Title>
          <PlanReview key={open} complaintId={open} onDecided={() => work.finish(open)} />
        </Paper>
      )}
    </Stack>
  );
}
