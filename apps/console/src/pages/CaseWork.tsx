import {
  Badge,
  Button,
  Checkbox,
  Fieldset,
  Group,
  List,
  MultiSelect,
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
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CLOCK_CALENDARS,
  CONTACT_CHANNELS,
  EVIDENCE_KINDS,
  REMEDY_OPTION_KINDS,
  RESPONSIBILITIES,
} from '@redress/contracts/enumerations';
import { call, type Session } from '../api/client';
import { formatTime } from '../time';
import { TableHead } from './lists';
import { DEPARTMENTS } from '../departments';
import { approvesPlans, worksOnCases } from './roles';
import {
  CommandForm,
  currentRemedy,
  ProblemAlert,
  useCommand,
  useLabel,
  type CaseAction,
  type CaseDocument,
  type CaseRemedy,
} from './work';

/** A command of resolution's API on one case (CONTRACT "Resolution API"). */
function post(complaintId: string, path: string, body: unknown, idempotencyKey: string) {
  return call('resolution', `/cases/${encodeURIComponent(complaintId)}/${path}`, {
    method: 'POST',
    body,
    idempotencyKey,
  });
}

const trimmed = (value: string) => (value.trim() ? value.trim() : undefined);

function ContactForm({ kase, onDone }: { kase: CaseDocument; onDone: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const command = useCommand();
  const { err, field, textField } = command;
  const [channel, setChannel] = useState<string | null>('phone');
  const [summary, setSummary] = useState('');
  const [offer, setOffer] = useState(false);
  const remedy = currentRemedy(kase);
  const offerable = kase.status === 'plan_approved' && remedy !== undefined;

  return (
    <CommandForm
      command={command}
      title={t('casework.contact.title')}
      send={(key) =>
        post(
          kase.complaintId,
          'contacts',
          {
            channel,
            summary: trimmed(summary),
            ...(offer && offerable ? { remedyId: remedy.remedyId } : {}),
          },
          key,
        )
      }
      onDone={() => {
        setSummary('');
        setOffer(false);
        onDone();
      }}
      shown={['channel', 'summary', 'remedyId']}
      submitLabel={t('casework.contact.submit')}
    >
      <Select
        label={t('casework.contact.channel')}
        {...field('channel', channel, setChannel)}
        data={CONTACT_CHANNELS.map((c) => ({ value: c, label: label('contactChannels', c) }))}
        allowDeselect={false}
        required
        maw={320}
      />
      <Textarea
        label={t('casework.contact.summary')}
        {...textField('summary', summary, setSummary)}
        autosize
        minRows={2}
        maxLength={4000}
      />
      {offerable && (
        <Checkbox
          label={t('casework.contact.offer')}
          checked={offer}
          onChange={(e) => setOffer(e.currentTarget.checked)}
          error={err('remedyId')}
        />
      )}
    </CommandForm>
  );
}

interface Evidence {
  kind: string | null;
  ref: string;
  sha256: string;
}

function InvestigationForm({ kase, onDone }: { kase: CaseDocument; onDone: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const command = useCommand();
  const { err, field, textField } = command;
  const [rootCause, setRootCause] = useState(kase.investigation?.rootCause ?? '');
  const [responsibility, setResponsibility] = useState<string | null>(
    kase.investigation?.responsibility ?? null,
  );
  const [evidence, setEvidence] = useState<Evidence[]>([]);
  const [sharedWith, setSharedWith] = useState<string[]>([]);

  const send = (key: string) =>
    post(
      kase.complaintId,
      'investigation',
      {
        rootCause,
        responsibility,
        ...(evidence.length
          ? {
              evidence: evidence.map((e) => ({
                kind: e.kind,
                ref: e.ref.trim(),
                ...(e.sha256.trim() ? { sha256: e.sha256.trim() } : {}),
              })),
            }
          : {}),
        ...(sharedWith.length ? { sharedWith } : {}),
      },
      key,
    );
  const update = (i: number, patch: Partial<Evidence>) =>
    setEvidence((list) => list.map((e, j) => (j === i ? { ...e, ...patch } : e)));
  const shown = ['rootCause', 'responsibility', 'evidence', 'sharedWith'].concat(
    evidence.flatMap((_, i) => [`evidence.${i}.kind`, `evidence.${i}.ref`, `evidence.${i}.sha256`]),
  );

  return (
    <CommandForm
      command={command}
      title={t('casework.investigation.record')}
      send={send}
      onDone={() => {
        setEvidence([]);
        onDone();
      }}
      shown={shown}
      submitLabel={t('casework.investigation.submit')}
    >
      <Textarea
        label={t('casework.investigation.rootCause')}
        {...textField('rootCause', rootCause, setRootCause)}
        required
        autosize
        minRows={2}
        maxLength={4000}
      />
      <Select
        label={t('casework.investigation.responsibility')}
        {...field('responsibility', responsibility, setResponsibility)}
        data={RESPONSIBILITIES.map((r) => ({ value: r, label: label('responsibilities', r) }))}
        required
        maw={320}
      />
      <Fieldset legend={t('casework.investigation.evidence')}>
        <Stack gap="xs">
          {evidence.map((e, i) => (
            <Group key={i} align="end">
              <Select
                label={t('casework.investigation.evidenceKind')}
                value={e.kind}
                onChange={(kind) => update(i, { kind })}
                data={EVIDENCE_KINDS.map((k) => ({ value: k, label: label('evidenceKinds', k) }))}
                required
                error={err(`evidence.${i}.kind`)}
              />
              <TextInput
                label={t('casework.investigation.evidenceRef')}
                value={e.ref}
                onChange={(ev) => update(i, { ref: ev.currentTarget.value })}
                required
                error={err(`evidence.${i}.ref`)}
              />
              <TextInput
                label={t('casework.investigation.sha256')}
                value={e.sha256}
                onChange={(ev) => update(i, { sha256: ev.currentTarget.value })}
                error={err(`evidence.${i}.sha256`)}
              />
              <Button
                variant="default"
                onClick={() => setEvidence((list) => list.filter((_, j) => j !== i))}
              >
                {t('casework.remove')}
              </Button>
            </Group>
          ))}
          <Button
            variant="default"
            w="fit-content"
            onClick={() =>
              setEvidence((list) => [...list, { kind: 'document', ref: '', sha256: '' }])
            }
          >
            {t('casework.investigation.addEvidence')}
          </Button>
        </Stack>
      </Fieldset>
      <MultiSelect
        label={t('casework.investigation.sharedWith')}
        {...field('sharedWith', sharedWith, setSharedWith)}
        data={DEPARTMENTS.filter((d) => d !== kase.department).map((d) => ({
          value: d,
          label: t(`departments.${d}`, d),
        }))}
        maw={480}
      />
    </CommandForm>
  );
}

interface OptionDraft {
  optionId: string;
  kind: string | null;
  tier: number | string;
  amount: string;
  currency: string;
  description: string;
}

const newOption = (n: number): OptionDraft => ({
  optionId: `option-${n}`,
  kind: null,
  tier: 1,
  amount: '',
  currency: 'CNY',
  description: '',
});

function RemedyPlanForm({ kase, onDone }: { kase: CaseDocument; onDone: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const command = useCommand();
  const { err, textField } = command;
  const [options, setOptions] = useState<OptionDraft[]>([newOption(1)]);
  const [rationale, setRationale] = useState('');

  const send = (key: string) =>
    post(
      kase.complaintId,
      'remedies',
      {
        options: options.map((o) => ({
          optionId: o.optionId.trim(),
          kind: o.kind,
          tier: typeof o.tier === 'number' ? o.tier : Number(o.tier),
          // A value only where one is stated, or where the API requires it (compensation).
          ...(o.kind === 'compensation' || o.amount.trim()
            ? { value: { amount: o.amount.trim(), currency: o.currency.trim() } }
            : {}),
          description: trimmed(o.description),
        })),
        rationale: trimmed(rationale),
      },
      key,
    );
  const update = (i: number, patch: Partial<OptionDraft>) =>
    setOptions((list) => list.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  const shown = ['options', 'rationale'].concat(
    options.flatMap((_, i) =>
      ['optionId', 'kind', 'tier', 'value', 'value.amount', 'value.currency', 'description'].map(
        (f) => `options.${i}.${f}`,
      ),
    ),
  );

  return (
    <CommandForm
      command={command}
      title={t('casework.plan.title')}
      send={send}
      onDone={() => {
        setOptions([newOption(1)]);
        setRationale('');
        onDone();
      }}
      shown={shown}
      submitLabel={t('casework.plan.submit')}
      testId="plan-form"
    >
      <Fieldset legend={t('casework.plan.options')}>
        <Stack gap="sm">
          {options.map((o, i) => {
            const at = `options.${i}`;
            return (
              <Fieldset key={i} legend={t('casework.plan.option', { n: i + 1 })} variant="filled">
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <Select
                    label={t('casework.plan.kind')}
                    value={o.kind}
                    onChange={(kind) => update(i, { kind })}
                    data={REMEDY_OPTION_KINDS.map((k) => ({
                      value: k,
                      label: label('optionKinds', k),
                    }))}
                    required
                    error={err(`${at}.kind`)}
                  />
                  <NumberInput
                    label={t('casework.plan.tier')}
                    value={o.tier}
                    onChange={(tier) => update(i, { tier })}
                    min={1}
                    max={10}
                    allowDecimal={false}
                    required
                    error={err(`${at}.tier`)}
                  />
                  <TextInput
                    label={t('casework.plan.optionId')}
                    value={o.optionId}
                    onChange={(e) => update(i, { optionId: e.currentTarget.value })}
                    required
                    error={err(`${at}.optionId`)}
                  />
                  <TextInput
                    label={t('casework.plan.amount')}
                    value={o.amount}
                    onChange={(e) => update(i, { amount: e.currentTarget.value })}
                    inputMode="decimal"
                    required={o.kind === 'compensation'}
                    error={err(`${at}.value.amount`) ?? err(`${at}.value`)}
                  />
                  <TextInput
                    label={t('casework.plan.currency')}
                    value={o.currency}
                    onChange={(e) => update(i, { currency: e.currentTarget.value.toUpperCase() })}
                    maxLength={3}
                    error={err(`${at}.value.currency`)}
                  />
                  <TextInput
                    label={t('casework.plan.description')}
                    value={o.description}
                    onChange={(e) => update(i, { description: e.currentTarget.value })}
                    error={err(`${at}.description`)}
                  />
                </SimpleGrid>
                {options.length > 1 && (
                  <Button
                    variant="default"
                    mt="xs"
                    onClick={() => setOptions((list) => list.filter((_, j) => j !== i))}
                  >
                    {t('casework.remove')}
                  </Button>
                )}
              </Fieldset>
            );
          })}
          {err('options') && (
            <Text c="red.9" size="sm">
              {err('options')}
            </Text>
          )}
          <Button
            variant="default"
            w="fit-content"
            onClick={() => setOptions((list) => [...list, newOption(list.length + 1)])}
          >
            {t('casework.plan.addOption')}
          </Button>
        </Stack>
      </Fieldset>
      <Textarea
        label={t('casework.plan.rationale')}
        {...textField('rationale', rationale, setRationale)}
        autosize
        minRows={2}
        maxLength={4000}
      />
    </CommandForm>
  );
}

/** One option as a line: its remedy, tier, value and description. */
export function OptionText({ option }: { option: CaseRemedy['options'][number] }) {
  const { t } = useTranslation();
  const label = useLabel();
  return (
    <>
      {label('optionKinds', option.kind)} ({t('casework.plan.tierN', { n: option.tier })}
      {option.value ? `, ${option.value.amount} ${option.value.currency}` : ''})
      {option.description ? ` — ${option.description}` : ''} [{option.optionId}]
    </>
  );
}

/** A plan: its options, the approvals it needs and has, and the customer's choice. */
export function RemedyView({ remedy }: { remedy: CaseRemedy }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  return (
    <Stack gap={4} data-remedy={remedy.remedyId}>
      <Group gap="xs">
        <Badge variant="outline" color="dark">
          {label('remedyStatuses', remedy.status)}
        </Badge>
        <Text size="sm">
          {t('casework.plan.proposedBy', {
            by: remedy.proposedBy,
            at: formatTime(remedy.proposedAt, i18n.language),
          })}
        </Text>
      </Group>
      <List size="sm">
        {remedy.options.map((o) => (
          <List.Item key={o.optionId}>
            <OptionText option={o} />
          </List.Item>
        ))}
      </List>
      <Text size="sm">
        {t('casework.plan.needs')}:{' '}
        {remedy.required
          .map((r) => `${label('bodies', r.body)} (${label('approvalReasons', r.because)})`)
          .join(', ')}
      </Text>
      {remedy.approvals.map((a) => (
        <Text size="sm" key={a.body}>
          {t('casework.plan.approvedBy', {
            body: label('bodies', a.body),
            by: a.by,
            at: formatTime(a.at, i18n.language),
          })}
        </Text>
      ))}
      {remedy.missingApprovals.length > 0 && (
        <Text size="sm" fw={600} data-testid="missing-approvals">
          {t('casework.plan.missing')}:{' '}
          {remedy.missingApprovals.map((b) => label('bodies', b)).join(', ')}
        </Text>
      )}
      {remedy.chosen && (
        <Text size="sm">
          {t('casework.plan.chosen')}: <OptionText option={remedy.chosen} />
        </Text>
      )}
    </Stack>
  );
}

/**
 * Approve or reject the plan on the table for one approver body. The approval matrix decides who
 * may (a 403 names the body's roles); with several bodies open to the caller, one is named.
 */
export function ApprovalForm({
  complaintId,
  remedy,
  onDone,
}: {
  complaintId: string;
  remedy: CaseRemedy;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const command = useCommand();
  const { field, textField } = command;
  const [body, setBody] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');

  const decide = (decision: 'approved' | 'rejected') => (key: string) =>
    post(
      complaintId,
      `remedies/${encodeURIComponent(remedy.remedyId)}/approval`,
      {
        decision,
        ...(body ? { body } : {}),
        ...(decision === 'approved' && note.trim() ? { note: note.trim() } : {}),
        ...(decision === 'rejected' ? { reason } : {}),
      },
      key,
    );
  return (
    <CommandForm
      command={command}
      title={t('casework.approval.title')}
      send={decide('approved')}
      onDone={onDone}
      shown={['body', 'note', 'reason']}
      submitLabel={t('casework.approval.approve')}
      alternatives={
        <Button
          color="red.9"
          variant="outline"
          loading={command.busy}
          onClick={() => command.submit(decide('rejected'), onDone)}
        >
          {t('casework.approval.reject')}
        </Button>
      }
      testId="approval-form"
    >
      {remedy.missingApprovals.length > 1 && (
        <Select
          label={t('casework.approval.body')}
          placeholder={t('casework.approval.anyBody')}
          {...field('body', body, setBody)}
          data={remedy.missingApprovals.map((b) => ({ value: b, label: label('bodies', b) }))}
          clearable
          maw={360}
        />
      )}
      <TextInput
        label={t('casework.approval.note')}
        {...textField('note', note, setNote)}
        maxLength={2000}
      />
      <Textarea
        label={t('casework.approval.reason')}
        {...textField('reason', reason, setReason)}
        autosize
        minRows={2}
        maxLength={2000}
      />
    </CommandForm>
  );
}

// The domain names the command's own path for a wrong option (`decision.accepted`).
const DECISION_FIELDS = { 'decision.accepted': 'optionId' };

function CustomerDecisionForm({
  kase,
  remedy,
  onDone,
}: {
  kase: CaseDocument;
  remedy: CaseRemedy;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const command = useCommand(DECISION_FIELDS);
  const { field, textField } = command;
  const [decision, setDecision] = useState('accepted');
  const [optionId, setOptionId] = useState<string | null>(null);
  const [reason, setReason] = useState('');

  return (
    <CommandForm
      command={command}
      title={t('casework.decision.title')}
      send={(key) =>
        post(
          kase.complaintId,
          'customer-decision',
          {
            remedyId: remedy.remedyId,
            decision,
            ...(decision === 'accepted' && optionId ? { optionId } : {}),
            ...(decision === 'declined' && reason.trim() ? { reason: reason.trim() } : {}),
          },
          key,
        )
      }
      onDone={onDone}
      shown={['decision', 'optionId', 'reason', 'remedyId']}
      submitLabel={t('casework.decision.submit')}
    >
      <Radio.Group
        label={t('casework.decision.decision')}
        {...field('decision', decision, setDecision)}
      >
        <Group mt="xs">
          <Radio value="accepted" label={t('casework.decision.accepted')} />
          <Radio value="declined" label={t('casework.decision.declined')} />
        </Group>
      </Radio.Group>
      {decision === 'accepted' ? (
        <Select
          label={t('casework.decision.option')}
          {...field('optionId', optionId, setOptionId)}
          data={remedy.options.map((o) => ({
            value: o.optionId,
            label: `${t(`casework.optionKinds.${o.kind}`, o.kind)} · ${o.optionId}`,
          }))}
          required
          maw={420}
        />
      ) : (
        <Textarea
          label={t('casework.decision.reason')}
          {...textField('reason', reason, setReason)}
          autosize
          minRows={2}
          maxLength={2000}
        />
      )}
    </CommandForm>
  );
}

// The domain checks the due time as the command's `due.at` / `due.within`.
const ACTION_FIELDS = { 'due.at': 'dueAt', 'due.within': 'within' };

function ActionForm({
  kase,
  session,
  onDone,
}: {
  kase: CaseDocument;
  session: Session;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const command = useCommand(ACTION_FIELDS);
  const { err, field, textField } = command;
  const [description, setDescription] = useState('');
  const [owner, setOwner] = useState(session.sub);
  const [ownerDepartment, setOwnerDepartment] = useState<string | null>(null);
  const [dueAt, setDueAt] = useState('');
  const [days, setDays] = useState<number | string>('');
  const [hours, setHours] = useState<number | string>('');
  const [calendar, setCalendar] = useState<string | null>('business');

  const send = (key: string) => {
    const within = {
      ...(days !== '' ? { days: Number(days) } : {}),
      ...(hours !== '' ? { hours: Number(hours) } : {}),
    };
    return post(
      kase.complaintId,
      'actions',
      {
        description,
        owner: { id: owner.trim(), ...(ownerDepartment ? { department: ownerDepartment } : {}) },
        // A time typed in the viewer's own zone, sent as an instant.
        ...(dueAt
          ? { dueAt: new Date(dueAt).toISOString() }
          : Object.keys(within).length
            ? { within, calendar }
            : {}),
      },
      key,
    );
  };
  return (
    <CommandForm
      command={command}
      title={t('casework.action.title')}
      send={send}
      onDone={() => {
        setDescription('');
        setDueAt('');
        setDays('');
        setHours('');
        onDone();
      }}
      shown={[
        'description',
        'owner',
        'owner.id',
        'owner.department',
        'dueAt',
        'within',
        'within.days',
        'within.hours',
        'calendar',
      ]}
      submitLabel={t('casework.action.submit')}
    >
      <TextInput
        label={t('casework.action.description')}
        {...textField('description', description, setDescription)}
        required
        maxLength={2000}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('casework.action.owner')}
          value={owner}
          onChange={(e) => setOwner(e.currentTarget.value)}
          required
          error={err('owner.id') ?? err('owner')}
        />
        <Select
          label={t('casework.action.ownerDepartment')}
          {...field('owner.department', ownerDepartment, setOwnerDepartment)}
          data={DEPARTMENTS.map((d) => ({ value: d, label: t(`departments.${d}`, d) }))}
          clearable
        />
        <TextInput
          label={t('casework.action.dueAt')}
          type="datetime-local"
          {...textField('dueAt', dueAt, setDueAt)}
        />
        <Group grow align="start">
          <NumberInput
            label={t('casework.action.withinDays')}
            value={days}
            onChange={setDays}
            min={0}
            max={365}
            allowDecimal={false}
            error={err('within') ?? err('within.days')}
          />
          <NumberInput
            label={t('casework.action.withinHours')}
            {...field('within.hours', hours, setHours)}
            min={0}
            max={8760}
            allowDecimal={false}
          />
        </Group>
        <Select
          label={t('casework.action.calendar')}
          {...field('calendar', calendar, setCalendar)}
          data={CLOCK_CALENDARS.map((c) => ({ value: c, label: label('calendars', c) }))}
          allowDeselect={false}
        />
      </SimpleGrid>
    </CommandForm>
  );
}

function CompleteAction({
  complaintId,
  action,
  onDone,
}: {
  complaintId: string;
  action: CaseAction;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { busy, submit, textField, errors, problem } = useCommand();
  const [note, setNote] = useState('');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit(
          (key) =>
            post(
              complaintId,
              `actions/${encodeURIComponent(action.actionId)}/completion`,
              note.trim() ? { note: note.trim() } : {},
              key,
            ),
          onDone,
        );
      }}
      aria-label={`${t('casework.action.complete')}: ${action.description}`}
    >
      <Group align="end">
        <TextInput
          label={t('casework.action.completeNote')}
          {...textField('note', note, setNote)}
          maxLength={2000}
          size="xs"
        />
        <Button type="submit" size="xs" loading={busy}>
          {t('casework.action.complete')}
        </Button>
      </Group>
      <ProblemAlert problem={problem} errors={errors} shown={['note']} />
    </form>
  );
}

function ResolveForm({ kase, onDone }: { kase: CaseDocument; onDone: () => void }) {
  const { t } = useTranslation();
  const command = useCommand();
  const [summary, setSummary] = useState('');
  return (
    <CommandForm
      command={command}
      title={t('casework.resolve.title')}
      send={(key) => post(kase.complaintId, 'resolution', { summary }, key)}
      onDone={onDone}
      shown={['summary']}
      submitLabel={t('casework.resolve.submit')}
    >
      <Textarea
        label={t('casework.resolve.summary')}
        value={summary}
        onChange={(e) => setSummary(e.currentTarget.value)}
        required
        autosize
        minRows={2}
        maxLength={4000}
        error={command.err('summary')}
      />
    </CommandForm>
  );
}

/** What the case holds: investigation, plans, actions, supervision order and crisis team. */
function CaseRecord({
  kase,
  mayWork,
  onChanged,
}: {
  kase: CaseDocument;
  mayWork: boolean;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const at = (iso: string | undefined) => formatTime(iso, i18n.language);
  const order = kase.round.supervisionOrder;
  const actions = kase.actions ?? [];
  const remedies = kase.remedies ?? [];
  return (
    <>
      {order && (
        <Paper p="md" withBorder data-testid="supervision-order">
          <Title order={3} size="h4">
            {t('casework.supervision.title')}
          </Title>
          <Text size="sm">
            {t('casework.supervision.issuedAt', { at: at(order.issuedAt) })} ·{' '}
            {t('casework.supervision.reason')}: {label('supervisionReasons', order.reason)}
          </Text>
          <Table>
            <TableHead
              columns={[
                t('casework.supervision.milestone'),
                t('casework.supervision.dueAt'),
                t('queue.status'),
              ]}
            />
            <Table.Tbody>
              {order.milestones.map((m) => (
                <Table.Tr key={m.milestone}>
                  <Table.Td>{label('milestones', m.milestone)}</Table.Td>
                  <Table.Td>{at(m.dueAt)}</Table.Td>
                  <Table.Td>
                    {m.missedAt ? t('casework.supervision.missed', { at: at(m.missedAt) }) : '—'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {kase.crisisTeam && (
        <Paper p="md" withBorder data-testid="crisis-team">
          <Title order={3} size="h4">
            {t('casework.crisis.title')}
          </Title>
          <Text size="sm">
            {t('casework.crisis.formedAt', { at: at(kase.crisisTeam.formedAt) })}
          </Text>
          <Text size="sm">
            {t('casework.crisis.lead')}: {kase.crisisTeam.lead} ·{' '}
            {t('casework.crisis.spokesperson')}: {kase.crisisTeam.spokesperson}
          </Text>
          <Text size="sm">
            {t('casework.crisis.members')}: {kase.crisisTeam.members.join(', ') || '—'}
          </Text>
        </Paper>
      )}
      {kase.investigation && (
        <Paper p="md" withBorder data-testid="investigation">
          <Title order={3} size="h4">
            {t('casework.investigation.title')}
          </Title>
          <Text size="sm">
            {t('casework.investigation.recordedBy', {
              by: kase.investigation.recordedBy,
              at: at(kase.investigation.recordedAt),
            })}
          </Text>
          <Text>
            {t('casework.investigation.rootCause')}: {kase.investigation.rootCause}
          </Text>
          <Text>
            {t('casework.investigation.responsibility')}:{' '}
            {label('responsibilities', kase.investigation.responsibility)}
          </Text>
          {kase.investigation.evidence.length > 0 && (
            <List size="sm">
              {kase.investigation.evidence.map((e, i) => (
                <List.Item key={i}>
                  {label('evidenceKinds', e.kind)}: {e.ref}
                </List.Item>
              ))}
            </List>
          )}
        </Paper>
      )}
      {remedies.length > 0 && (
        <Paper p="md" withBorder data-testid="remedies">
          <Title order={3} size="h4">
            {t('casework.plan.plans')}
          </Title>
          <Stack gap="md" mt="xs">
            {remedies.map((r) => (
              <RemedyView key={r.remedyId} remedy={r} />
            ))}
          </Stack>
        </Paper>
      )}
      {actions.length > 0 && (
        <Paper p="md" withBorder data-testid="actions">
          <Title order={3} size="h4">
            {t('casework.action.actions')}
          </Title>
          <Stack gap="sm" mt="xs">
            {actions.map((a) => (
              <Stack key={a.actionId} gap={4} data-action={a.actionId}>
                <Text>
                  {a.description} · {a.owner} ·{' '}
                  {a.completedAt
                    ? t('casework.action.completedAt', { at: at(a.completedAt) })
                    : t('casework.action.due', { at: at(a.dueAt) })}
                </Text>
                {!a.completedAt && mayWork && kase.status === 'executing' && (
                  <CompleteAction complaintId={kase.complaintId} action={a} onDone={onChanged} />
                )}
              </Stack>
            ))}
          </Stack>
        </Paper>
      )}
    </>
  );
}

/**
 * The case page's work (issue 17, point 4): what the case holds and, for the signed-in role, the
 * commands its state allows. The console offers what the role may do; the API decides.
 */
export function CaseWork({
  kase,
  session,
  onChanged,
}: {
  kase: CaseDocument;
  session: Session;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const mayWork = worksOnCases(session);
  const mayApprove = approvesPlans(session);
  const remedy = currentRemedy(kase);
  const status = kase.status;
  const active = ['open', 'awaiting_approval', 'plan_approved', 'executing'].includes(status);

  return (
    <Stack data-testid="case-work">
      <CaseRecord kase={kase} mayWork={mayWork} onChanged={onChanged} />
      <Title order={2} size="h3">
        {t('casework.actionsTitle')}
      </Title>
      {!active && <Text>{t('casework.closed', { status: t(`statuses.${status}`, status) })}</Text>}
      {active && !mayWork && !(mayApprove && status === 'awaiting_approval') && (
        <Text>{t('casework.readOnly')}</Text>
      )}
      {active && mayApprove && status === 'awaiting_approval' && remedy && (
        <ApprovalForm complaintId={kase.complaintId} remedy={remedy} onDone={onChanged} />
      )}
      {active && mayWork && status === 'plan_approved' && remedy && (
        <CustomerDecisionForm kase={kase} remedy={remedy} onDone={onChanged} />
      )}
      {active && mayWork && status === 'executing' && (
        <ActionForm kase={kase} session={session} onDone={onChanged} />
      )}
      {active && mayWork && <ContactForm kase={kase} onDone={onChanged} />}
      {active && mayWork && <InvestigationForm kase={kase} onDone={onChanged} />}
      {active && mayWork && status === 'open' && <RemedyPlanForm kase={kase} onDone={onChanged} />}
      {active && mayWork && (status === 'open' || status === 'executing') && (
        <ResolveForm kase={kase} onDone={onChanged} />
      )}
    </Stack>
  );
}
