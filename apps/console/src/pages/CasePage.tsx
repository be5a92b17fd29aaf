import {
  Badge,
  Button,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ApiError, call, type Session } from '../api/client';
import { formatTime } from '../time';
import { LoadError, TableHead } from './lists';
import { ClassBadge, SlaBadge } from './badges';
import { CaseWork } from './CaseWork';
import { worksOnCases } from './roles';
import { fetchCaseDocument, ProblemAlert, useCommand, type CaseDocument } from './work';

interface TriageDecision {
  category: string;
  subcategory?: string;
  severity: string;
  escalationClass: string;
  department: string;
  deadlines: { respondBy?: string; resolveBy: string };
  rulesFired: Array<{ rule: string; reason: string }>;
  policyVersion: number | string;
  confidence: number;
}

function fetchCase(id: string) {
  return Promise.allSettled([
    fetchCaseDocument(id),
    call<TriageDecision>('triage', `/triage/${encodeURIComponent(id)}`),
  ]);
}
type Loaded = Awaited<ReturnType<typeof fetchCase>>;

const ACTIVE = ['open', 'awaiting_approval', 'plan_approved', 'executing'];

/** One case: its clocks, triage's decision with the rules that fired, and the whole timeline. */
export function CasePage({ id, session }: { id: string; session: Session }) {
  const { t, i18n } = useTranslation();
  const [found, setFound] = useState<CaseDocument | undefined>();
  const [triage, setTriage] = useState<TriageDecision | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [assignTo, setAssignTo] = useState(session.sub);
  const assignment = useCommand();

  const apply = useCallback(
    ([kase, decision]: Loaded) => {
      if (kase.status === 'fulfilled') {
        setFound(kase.value.body);
        setError(undefined);
      } else {
        const e = kase.reason as unknown;
        setError(
          e instanceof ApiError && e.status === 404
            ? t('case.notFound')
            : e instanceof Error
              ? e.message
              : String(e),
        );
      }
      if (decision.status === 'fulfilled') setTriage(decision.value.body);
    },
    [t],
  );
  const load = useCallback(() => fetchCase(id).then(apply), [id, apply]);

  useEffect(() => {
    let stale = false;
    void fetchCase(id).then((loaded) => {
      if (!stale) apply(loaded);
    });
    return () => {
      stale = true;
    };
  }, [id, apply]);

  const assign = (event: FormEvent) => {
    event.preventDefault();
    if (!found) return;
    assignment.submit(
      (idempotencyKey) =>
        call('resolution', `/cases/${encodeURIComponent(id)}/assignment`, {
          method: 'POST',
          body: { assignee: { id: assignTo.trim(), department: found.department } },
          idempotencyKey,
        }),
      () => void load(),
    );
  };

  return (
    <Stack>
      <Link href="/queue">{t('case.back')}</Link>
      <Title order={2}>
        {t('case.title')} {found ? `${found.category} · ${id.slice(0, 8)}` : id.slice(0, 8)}
      </Title>
      <LoadError error={error} />
      {found && (
        <Paper p="md" withBorder data-testid="case-summary">
          <Group>
            <SlaBadge state={found.slaState} />
            <ClassBadge value={found.escalationClass} />
            <Badge variant="default">{t(`statuses.${found.status}`, found.status)}</Badge>
            <Text>{t(`departments.${found.department}`, found.department)}</Text>
            <Text>
              {t('queue.nearestDue')}: {formatTime(found.nearestDueAt, i18n.language)}
            </Text>
            <Text>
              {t('queue.assignee')}: {found.assignee ?? '—'}
            </Text>
            {found.round.supervisionOrder !== undefined && (
              <Badge color="red">{t('case.supervision')}</Badge>
            )}
            {found.crisisTeam !== undefined && <Badge color="red">{t('case.crisis')}</Badge>}
          </Group>
          <Title order={3} size="h5" mt="md">
            {t('case.clocks')}
          </Title>
          <List>
            {found.round.clocks.map((c) => (
              <List.Item key={`${c.clock}-${c.dueAt}`}>
                {t(`casework.clocks.${c.clock}`, c.clock)}: {formatTime(c.dueAt, i18n.language)} (
                {t(`casework.clockStates.${c.state}`, c.state)})
              </List.Item>
            ))}
          </List>
        </Paper>
      )}
      <Paper p="md" withBorder data-testid="triage-decision">
        <Title order={3} size="h4">
          {t('case.triage')}
        </Title>
        {triage ? (
          <Stack gap="xs" mt="sm">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Text>
                {t('case.category')}: {triage.category}
                {triage.subcategory ? ` / ${triage.subcategory}` : ''}
              </Text>
              <Text>
                {t('queue.severity')}: {t(`severities.${triage.severity}`, triage.severity)}
              </Text>
              <Text>
                {t('queue.escalationClass')}:{' '}
                {t(`classes.${triage.escalationClass}`, triage.escalationClass)}
              </Text>
              <Text>
                {t('queue.department')}: {t(`departments.${triage.department}`, triage.department)}
              </Text>
              <Text>
                {t('case.respondBy')}: {formatTime(triage.deadlines.respondBy, i18n.language)}
              </Text>
              <Text>
                {t('case.resolveBy')}: {formatTime(triage.deadlines.resolveBy, i18n.language)}
              </Text>
              <Text>
                {t('case.policyVersion')}: {String(triage.policyVersion)}
              </Text>
              <Text>
                {t('case.confidence')}: {Math.round(triage.confidence * 100)}%
              </Text>
            </SimpleGrid>
            <Text fw={700}>{t('case.rules')}</Text>
            <List>
              {triage.rulesFired.map((r) => (
                <List.Item key={r.rule}>
                  <Text span fw={600}>
                    {r.rule}
                  </Text>
                  : {r.reason}
                </List.Item>
              ))}
            </List>
          </Stack>
        ) : (
          <Text>{t('case.notTriaged')}</Text>
        )}
      </Paper>
      {found && worksOnCases(session) && ACTIVE.includes(found.status) && (
        <form onSubmit={assign}>
          <Group align="end">
            <TextInput
              label={t('case.assignTo')}
              value={assignTo}
              onChange={(e) => setAssignTo(e.currentTarget.value)}
              required
              error={assignment.err('assignee.id') ?? assignment.err('assignee')}
            />
            <Button type="submit" loading={assignment.busy}>
              {t('case.assign')}
            </Button>
          </Group>
          <ProblemAlert
            problem={assignment.problem}
            errors={assignment.errors}
            shown={['assignee', 'assignee.id']}
          />
        </form>
      )}
      {found && <CaseWork kase={found} session={session} onChanged={() => void load()} />}
      {found && (
        <Paper p="md" withBorder>
          <Title order={3} size="h4">
            {t('case.timeline')}
          </Title>
          <Table data-testid="timeline">
            <TableHead
              columns={[t('case.at'), t('case.event'), t('casework.timelineType'), t('case.actor')]}
            />
            <Table.Tbody>
              {found.timeline.map((entry) => (
                <Table.Tr key={entry.streamVersion}>
                  <Table.Td>{formatTime(entry.at, i18n.language)}</Table.Td>
                  <Table.Td>{t(`casework.events.${entry.type}`, entry.type)}</Table.Td>
                  <Table.Td>{entry.type}</Table.Td>
                  <Table.Td>{entry.actor.id}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}
