import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ApiError, call, type Session } from '../api/client';
import { formatTime } from '../time';
import { errorText, TableHead } from './lists';
import { ClassBadge } from './badges';
import { DEPARTMENTS } from '../departments';

interface Attempt {
  attempt: number;
  at: string;
  by: string;
  outcome: string;
  nextAttemptAt?: string;
}

interface Survey {
  round: number;
  recordedAt: string;
  satisfaction: number;
  resolved: boolean;
  ratings: { efficiency: number; attitude: number; outcome: number };
  verdict: 'satisfied' | 'unsatisfied';
}

interface CorrectiveAction {
  actionId: string;
  kind: string;
  department: string;
  owner: string;
  description: string;
  requestedAt: string;
  dueAt: string;
  completedAt?: string;
  overdueAt?: string;
}

/** GET /follow-ups/:complaintId. */
interface FollowUp {
  complaintId: string;
  status: string;
  round: number;
  department: string;
  severity: string;
  escalationClass: string;
  category: string;
  resolvedAt: string;
  dueAt: string;
  attempts: Attempt[];
  nextAttemptAt?: string;
  surveys: Survey[];
  closedAt?: string;
  outcome?: string;
  needsReview?: boolean;
  retainUntil?: string;
  classification?: string;
  correctiveActions: CorrectiveAction[];
  caseStudy?: { caseStudyId: string; publishedAt: string };
  caseStudyDueAt?: string;
}

const ATTEMPT_OUTCOMES = ['reached', 'no_answer', 'refused', 'wrong_number'];
const SCALE = ['1', '2', '3', '4', '5'];
/** Who may ask a department for a corrective action (follow-up's README). */
const LEADS = ['supervisor', 'department_head', 'admin'];

/** A 1–5 answer as five radio buttons: one tab stop, arrow keys to choose. */
function ScaleInput(props: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <Radio.Group label={props.label} value={props.value} onChange={props.onChange} required>
      <Group gap="md" mt={4}>
        {SCALE.map((n) => (
          <Radio key={n} value={n} label={n} />
        ))}
      </Group>
    </Radio.Group>
  );
}

/**
 * One complaint's follow-up: the callback's attempts and survey (which closes the complaint, or
 * reopens it when the customer is unhappy), its corrective actions, and its case study.
 */
export function FollowUpPage({ id, session }: { id: string; session: Session }) {
  const { t, i18n } = useTranslation();
  const [followUp, setFollowUp] = useState<FollowUp | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | undefined>();

  const [attemptOutcome, setAttemptOutcome] = useState<string | null>(null);
  const [attemptNote, setAttemptNote] = useState('');
  const [satisfaction, setSatisfaction] = useState('');
  const [solved, setSolved] = useState(false);
  const [efficiency, setEfficiency] = useState('');
  const [attitude, setAttitude] = useState('');
  const [result, setResult] = useState('');
  const [comment, setComment] = useState('');

  const load = useCallback(async () => {
    try {
      const { body } = await call<FollowUp>('follow-up', `/follow-ups/${encodeURIComponent(id)}`);
      setFollowUp(body);
      setError(undefined);
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 404 ? t('desk.followUp.notFound') : errorText(e),
      );
    }
  }, [id, t]);

  useEffect(() => {
    let stale = false;
    call<FollowUp>('follow-up', `/follow-ups/${encodeURIComponent(id)}`).then(
      ({ body }) => {
        if (!stale) setFollowUp(body);
      },
      (e: unknown) => {
        if (stale) return;
        setError(
          e instanceof ApiError && e.status === 404 ? t('desk.followUp.notFound') : errorText(e),
        );
      },
    );
    return () => {
      stale = true;
    };
  }, [id, t]);

  /** One command: POSTed with a fresh Idempotency-Key, then the follow-up read again. */
  const send = async (name: string, path: string, body: unknown): Promise<boolean> => {
    setBusy(name);
    setNotice(undefined);
    try {
      await call('follow-up', path, {
        method: 'POST',
        body,
        idempotencyKey: crypto.randomUUID(),
      });
      await load();
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(undefined);
    }
  };

  const recordAttempt = async (event: FormEvent) => {
    event.preventDefault();
    if (!attemptOutcome) return;
    const ok = await send('attempt', `/follow-ups/${encodeURIComponent(id)}/attempts`, {
      outcome: attemptOutcome,
      ...(attemptNote.trim() ? { note: attemptNote.trim() } : {}),
    });
    if (ok) {
      setAttemptOutcome(null);
      setAttemptNote('');
    }
  };

  const recordSurvey = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await send('survey', `/follow-ups/${encodeURIComponent(id)}/survey`, {
      satisfaction: Number(satisfaction),
      resolved: solved,
      ratings: {
        efficiency: Number(efficiency),
        attitude: Number(attitude),
        outcome: Number(result),
      },
      ...(comment.trim() ? { comment: comment.trim() } : {}),
    });
    if (ok) {
      const { body } = await call<FollowUp>('follow-up', `/follow-ups/${encodeURIComponent(id)}`);
      setNotice(
        body.status === 'closed'
          ? t('desk.followUp.closedNotice', {
              outcome: t(`desk.outcomes.${body.outcome ?? ''}`, body.outcome ?? ''),
            })
          : body.status === 'reopened'
            ? t('desk.followUp.reopenedNotice')
            : undefined,
      );
    }
  };

  const complete = (actionId: string) =>
    void send(
      `complete-${actionId}`,
      `/follow-ups/${encodeURIComponent(id)}/corrective-actions/${encodeURIComponent(actionId)}/completion`,
      {},
    );

  const awaiting = followUp?.status === 'awaiting_callback';

  return (
    <Stack>
      <Group>
        <Link href="/follow-ups">{t('desk.followUp.back')}</Link>
        <Link href={`/cases/${id}`}>{t('desk.followUp.openCase')}</Link>
      </Group>
      <Title order={2}>
        {t('desk.followUp.title')}{' '}
        {followUp ? `${followUp.category} · ${id.slice(0, 8)}` : id.slice(0, 8)}
      </Title>
      {error && (
        <Alert
          color="red"
          title={t('errors.generic')}
          role="alert"
          withCloseButton
          onClose={() => setError(undefined)}
        >
          {error}
        </Alert>
      )}
      {notice && (
        <Alert color="blue" role="status" data-testid="follow-up-notice">
          {notice}
        </Alert>
      )}
      {followUp && (
        <>
          <Paper p="md" withBorder data-testid="follow-up-summary">
            <Group>
              <Badge variant="default" data-status={followUp.status}>
                {t(`desk.statuses.${followUp.status}`, followUp.status)}
              </Badge>
              {followUp.outcome && (
                <Badge variant="default">
                  {t(`desk.outcomes.${followUp.outcome}`, followUp.outcome)}
                </Badge>
              )}
              {followUp.needsReview && (
                <Badge color="#c92a2a" variant="filled" autoContrast>
                  {t('desk.followUp.needsReview')}
                </Badge>
              )}
              <ClassBadge value={followUp.escalationClass} />
              <Text>{t(`departments.${followUp.department}`, followUp.department)}</Text>
              <Text>
                {t('desk.followUps.round')}: {followUp.round}
              </Text>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 3 }} mt="sm">
              <Text size="sm">
                {t('desk.followUp.resolvedAt')}: {formatTime(followUp.resolvedAt, i18n.language)}
              </Text>
              <Text size="sm">
                {t('desk.followUps.dueAt')}: {formatTime(followUp.dueAt, i18n.language)}
              </Text>
              {followUp.nextAttemptAt && (
                <Text size="sm">
                  {t('desk.followUp.nextAttemptAt')}:{' '}
                  {formatTime(followUp.nextAttemptAt, i18n.language)}
                </Text>
              )}
              {followUp.closedAt && (
                <Text size="sm">
                  {t('desk.followUp.closedAt')}: {formatTime(followUp.closedAt, i18n.language)}
                </Text>
              )}
              {followUp.retainUntil && (
                <Text size="sm">
                  {t('desk.followUp.retainUntil')}:{' '}
                  {formatTime(followUp.retainUntil, i18n.language)}
                </Text>
              )}
              {followUp.classification && (
                <Text size="sm">
                  {t('desk.followUp.classification')}: {followUp.classification}
                </Text>
              )}
            </SimpleGrid>
          </Paper>

          <Paper p="md" withBorder>
            <Title order={3} size="h4">
              {t('desk.followUp.attemptsTitle')}
            </Title>
            {followUp.attempts.length === 0 ? (
              <Text size="sm">{t('desk.none')}</Text>
            ) : (
              <Table data-testid="attempts">
                <TableHead
                  columns={[
                    '#',
                    t('desk.followUp.attemptAt'),
                    t('desk.followUps.outcome'),
                    t('desk.followUp.attemptBy'),
                    t('desk.followUp.nextAttemptAt'),
                  ]}
                />
                <Table.Tbody>
                  {followUp.attempts.map((a) => (
                    <Table.Tr key={a.attempt}>
                      <Table.Td>{a.attempt}</Table.Td>
                      <Table.Td>{formatTime(a.at, i18n.language)}</Table.Td>
                      <Table.Td>{t(`desk.attemptOutcomes.${a.outcome}`, a.outcome)}</Table.Td>
                      <Table.Td>{a.by}</Table.Td>
                      <Table.Td>
                        {a.nextAttemptAt ? formatTime(a.nextAttemptAt, i18n.language) : '—'}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {awaiting ? (
              <form onSubmit={(e) => void recordAttempt(e)}>
                <Group align="end" mt="sm">
                  <Select
                    label={t('desk.followUps.outcome')}
                    value={attemptOutcome}
                    onChange={setAttemptOutcome}
                    data={ATTEMPT_OUTCOMES.map((o) => ({
                      value: o,
                      label: t(`desk.attemptOutcomes.${o}`),
                    }))}
                    required
                  />
                  <TextInput
                    label={t('desk.followUp.note')}
                    value={attemptNote}
                    onChange={(e) => setAttemptNote(e.currentTarget.value)}
                    maxLength={2000}
                  />
                  <Button
                    type="submit"
                    loading={busy === 'attempt'}
                    disabled={!attemptOutcome}
                    variant="default"
                  >
                    {t('desk.followUp.recordAttempt')}
                  </Button>
                </Group>
              </form>
            ) : (
              <Text size="sm" mt="sm">
                {t('desk.followUp.notAwaiting')}
              </Text>
            )}
          </Paper>

          <Paper p="md" withBorder>
            <Title order={3} size="h4">
              {t('desk.followUp.surveyTitle')}
            </Title>
            {followUp.surveys.length > 0 && (
              <Table data-testid="surveys" mb="sm">
                <TableHead
                  columns={[
                    t('desk.followUps.round'),
                    t('desk.followUp.attemptAt'),
                    t('desk.followUp.satisfaction'),
                    t('desk.followUp.efficiency'),
                    t('desk.followUp.attitude'),
                    t('desk.followUp.result'),
                    t('desk.followUps.outcome'),
                  ]}
                />
                <Table.Tbody>
                  {followUp.surveys.map((s) => (
                    <Table.Tr key={`${s.round}-${s.recordedAt}`}>
                      <Table.Td>{s.round}</Table.Td>
                      <Table.Td>{formatTime(s.recordedAt, i18n.language)}</Table.Td>
                      <Table.Td>{s.satisfaction} / 5</Table.Td>
                      <Table.Td>{s.ratings.efficiency}</Table.Td>
                      <Table.Td>{s.ratings.attitude}</Table.Td>
                      <Table.Td>{s.ratings.outcome}</Table.Td>
                      <Table.Td>{t(`desk.followUp.verdicts.${s.verdict}`, s.verdict)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {awaiting && (
              <form onSubmit={(e) => void recordSurvey(e)} data-testid="survey-form">
                <Stack gap="sm">
                  <Text size="sm">{t('desk.followUp.scale')}</Text>
                  <ScaleInput
                    label={t('desk.followUp.satisfaction')}
                    value={satisfaction}
                    onChange={setSatisfaction}
                  />
                  <Checkbox
                    label={t('desk.followUp.resolved')}
                    checked={solved}
                    onChange={(e) => setSolved(e.currentTarget.checked)}
                  />
                  <SimpleGrid cols={{ base: 1, md: 3 }}>
                    <ScaleInput
                      label={t('desk.followUp.efficiency')}
                      value={efficiency}
                      onChange={setEfficiency}
                    />
                    <ScaleInput
                      label={t('desk.followUp.attitude')}
                      value={attitude}
                      onChange={setAttitude}
                    />
                    <ScaleInput
                      label={t('desk.followUp.result')}
                      value={result}
                      onChange={setResult}
                    />
                  </SimpleGrid>
                  <Textarea
                    label={t('desk.followUp.comment')}
                    value={comment}
                    onChange={(e) => setComment(e.currentTarget.value)}
                    maxLength={2000}
                    autosize
                    minRows={2}
                  />
                  <Group>
                    <Button
                      type="submit"
                      loading={busy === 'survey'}
                      disabled={!satisfaction || !efficiency || !attitude || !result}
                    >
                      {t('desk.followUp.recordSurvey')}
                    </Button>
                  </Group>
                </Stack>
              </form>
            )}
          </Paper>

          <CorrectiveActions
            actions={followUp.correctiveActions}
            mayRequest={session.roles.some((r) => LEADS.includes(r))}
            busy={busy}
            onComplete={complete}
            onRequest={(body) =>
              send('request', `/follow-ups/${encodeURIComponent(id)}/corrective-actions`, body)
            }
          />

          <CaseStudy
            followUp={followUp}
            busy={busy === 'case-study'}
            onPublish={(body) => send('case-study', '/case-library', { complaintId: id, ...body })}
          />
        </>
      )}
    </Stack>
  );
}

function CorrectiveActions(props: {
  actions: CorrectiveAction[];
  mayRequest: boolean;
  busy: string | undefined;
  onComplete: (actionId: string) => void;
  onRequest: (body: unknown) => Promise<boolean>;
}) {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<string>('corrective');
  const [description, setDescription] = useState('');
  const [owner, setOwner] = useState('');
  const [department, setDepartment] = useState<string>('');
  const [days, setDays] = useState<number | string>(5);

  const request = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await props.onRequest({
      kind,
      description: description.trim(),
      owner: owner.trim(),
      ...(department ? { department } : {}),
      within: { days: Number(days) },
    });
    if (ok) {
      setDescription('');
      setOwner('');
    }
  };

  const stateOf = (a: CorrectiveAction) =>
    a.completedAt ? 'completed' : a.overdueAt ? 'overdue' : 'open';

  return (
    <Paper p="md" withBorder>
      <Title order={3} size="h4">
        {t('desk.actions.title')}
      </Title>
      {props.actions.length === 0 ? (
        <Text size="sm">{t('desk.none')}</Text>
      ) : (
        <Table data-testid="corrective-actions">
          <TableHead
            columns={[
              t('desk.actions.kind'),
              t('desk.actions.description'),
              t('desk.actions.department'),
              t('desk.actions.owner'),
              t('desk.actions.dueAt'),
              t('desk.actions.state'),
            ]}
          />
          <Table.Tbody>
            {props.actions.map((a) => (
              <Table.Tr key={a.actionId} data-action={a.actionId}>
                <Table.Td>{t(`desk.actions.kinds.${a.kind}`, a.kind)}</Table.Td>
                <Table.Td>{a.description}</Table.Td>
                <Table.Td>{t(`departments.${a.department}`, a.department)}</Table.Td>
                <Table.Td>{a.owner}</Table.Td>
                <Table.Td>{formatTime(a.dueAt, i18n.language)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Text size="sm">{t(`desk.actions.${stateOf(a)}`)}</Text>
                    {!a.completedAt && (
                      <Button
                        size="xs"
                        variant="default"
                        loading={props.busy === `complete-${a.actionId}`}
                        onClick={() => props.onComplete(a.actionId)}
                      >
                        {t('desk.actions.complete')}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {props.mayRequest ? (
        <form onSubmit={(e) => void request(e)}>
          <SimpleGrid cols={{ base: 1, md: 2 }} mt="sm">
            <Select
              label={t('desk.actions.kind')}
              value={kind}
              onChange={(v) => setKind(v ?? 'corrective')}
              data={['corrective', 'preventive'].map((k) => ({
                value: k,
                label: t(`desk.actions.kinds.${k}`),
              }))}
              allowDeselect={false}
            />
            <TextInput
              label={t('desk.actions.owner')}
              value={owner}
              onChange={(e) => setOwner(e.currentTarget.value)}
              required
              maxLength={200}
            />
            <Select
              label={t('desk.actions.department')}
              value={department}
              onChange={(v) => setDepartment(v ?? '')}
              data={[
                { value: '', label: t('desk.actions.sameDepartment') },
                ...DEPARTMENTS.map((d) => ({ value: d, label: t(`departments.${d}`) })),
              ]}
              allowDeselect={false}
            />
            <NumberInput
              label={t('desk.actions.withinDays')}
              value={days}
              onChange={setDays}
              min={0}
              max={365}
              allowDecimal={false}
              required
            />
          </SimpleGrid>
          <Textarea
            mt="sm"
            label={t('desk.actions.description')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            required
            maxLength={2000}
            autosize
            minRows={2}
          />
          <Button type="submit" mt="sm" variant="default" loading={props.busy === 'request'}>
            {t('desk.actions.request')}
          </Button>
        </form>
      ) : (
        <Text size="sm" mt="sm">
          {t('desk.actions.leadsOnly')}
        </Text>
      )}
    </Paper>
  );
}

function CaseStudy(props: {
  followUp: FollowUp;
  busy: boolean;
  onPublish: (body: Record<string, unknown>) => Promise<boolean>;
}) {
  const { t, i18n } = useTranslation();
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [lessons, setLessons] = useState('');
  const [keywords, setKeywords] = useState('');
  const [language, setLanguage] = useState(i18n.language.startsWith('zh') ? 'zh' : 'en');
  const { followUp } = props;

  const publish = async (event: FormEvent) => {
    event.preventDefault();
    const words = [
      ...new Set(
        keywords
          .split(/[,，、]/)
          .map((w) => w.trim())
          .filter((w) => w !== ''),
      ),
    ];
    await props.onPublish({
      title: title.trim(),
      summary: summary.trim(),
      ...(lessons.trim() ? { lessons: lessons.trim() } : {}),
      ...(words.length > 0 ? { keywords: words } : {}),
      language,
    });
  };

  return (
    <Paper p="md" withBorder data-testid="case-study">
      <Title order={3} size="h4">
        {t('desk.caseStudy.title')}
      </Title>
      {followUp.caseStudyDueAt && !followUp.caseStudy && (
        <Text size="sm">
          {t('desk.caseStudy.dueAt', { at: formatTime(followUp.caseStudyDueAt, i18n.language) })}
        </Text>
      )}
      {followUp.caseStudy ? (
        <Text size="sm">
          {t('desk.caseStudy.published', {
            at: formatTime(followUp.caseStudy.publishedAt, i18n.language),
          })}{' '}
          <Link href="/library">{t('desk.nav.library')}</Link>
        </Text>
      ) : followUp.status !== 'closed' ? (
        <Text size="sm">{t('desk.caseStudy.onlyClosed')}</Text>
      ) : (
        <form onSubmit={(e) => void publish(e)}>
          <Stack gap="sm" mt="sm">
            <TextInput
              label={t('desk.caseStudy.heading')}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              required
              maxLength={200}
            />
            <Textarea
              label={t('desk.caseStudy.summary')}
              value={summary}
              onChange={(e) => setSummary(e.currentTarget.value)}
              required
              maxLength={8000}
              autosize
              minRows={3}
            />
            <Textarea
              label={t('desk.caseStudy.lessons')}
              value={lessons}
              onChange={(e) => setLessons(e.currentTarget.value)}
              maxLength={8000}
              autosize
              minRows={2}
            />
            <TextInput
              label={t('desk.caseStudy.keywords')}
              value={keywords}
              onChange={(e) => setKeywords(e.currentTarget.value)}
            />
            <Select
              label={t('desk.caseStudy.language')}
              value={language}
              onChange={(v) => setLanguage(v ?? 'zh')}
              data={['zh', 'en'].map((l) => ({ value: l, label: t(`desk.languages.${l}`) }))}
              allowDeselect={false}
            />
            <Group>
              <Button type="submit" loading={props.busy}>
                {t('desk.caseStudy.publish')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Paper>
  );
}
