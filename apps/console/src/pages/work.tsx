import { Alert, Button, Group, List, Paper, Stack, Title } from '@mantine/core';
import { useCallback, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../api/client';

/** `GET /cases/:id` of resolution (apps/resolution/src/application/queries/case-view.ts). */
export interface CaseClock {
  clock: string;
  actionId?: string;
  startedAt: string;
  dueAt: string;
  calendar: string;
  state: string;
  stoppedAt?: string;
}

export interface RemedyOption {
  optionId: string;
  kind: string;
  tier: number;
  value?: { amount: string; currency: string };
  description?: string;
}

export interface CaseRemedy {
  remedyId: string;
  round: number;
  proposedAt: string;
  proposedBy: string;
  options: RemedyOption[];
  required: Array<{ body: string; because: string }>;
  approvals: Array<{ body: string; by: string; at: string }>;
  status: string;
  offeredAt?: string;
  chosen?: RemedyOption;
  missingApprovals: string[];
}

export interface CaseAction {
  actionId: string;
  remedyId: string;
  round: number;
  description: string;
  owner: string;
  dueAt: string;
  completedAt?: string;
}

export interface SupervisionOrder {
  issuedAt: string;
  reason: string;
  milestones: Array<{ milestone: string; dueAt: string; missedAt?: string }>;
}

export interface CaseDocument {
  complaintId: string;
  status: string;
  department: string;
  assignee?: string;
  category: string;
  severity: string;
  escalationClass: string;
  approver?: string;
  slaState: string;
  nearestDueAt?: string;
  openedAt: string;
  round: {
    round: number;
    clocks: CaseClock[];
    firstContactAt?: string;
    supervisionOrder?: SupervisionOrder;
  };
  investigation?: {
    rootCause: string;
    responsibility: string;
    evidence: Array<{ kind: string; ref: string; sha256?: string }>;
    sharedWith: string[];
    recordedAt: string;
    recordedBy: string;
  };
  remedies?: CaseRemedy[];
  currentRemedyId?: string;
  actions?: CaseAction[];
  crisisTeam?: { formedAt: string; lead: string; members: string[]; spokesperson: string };
  timeline: Array<{
    type: string;
    at: string;
    streamVersion: number;
    actor: { type: string; id: string };
  }>;
}

export function fetchCaseDocument(id: string) {
  return call<CaseDocument>('resolution', `/cases/${encodeURIComponent(id)}`);
}

/** The plan on the table, if any. */
export function currentRemedy(kase: CaseDocument): CaseRemedy | undefined {
  return kase.remedies?.find((r) => r.remedyId === kase.currentRemedyId);
}

type Errors = Record<string, string>;
const SAME_NAMES: Readonly<Record<string, string>> = {};

/** A command's request, sent with the Idempotency-Key of its attempt. */
export type Send = (idempotencyKey: string) => Promise<unknown>;

/**
 * One command form's state: busy while it runs, the API's field errors by field (problem+json
 * `errors[].field`, a dotted path such as `options.0.value.amount`), and the problem itself.
 * Each attempt keeps its Idempotency-Key until it succeeds, so a retry after a lost answer is
 * answered once. `submit` sends, then calls `done` once the command has succeeded.
 */
export function useCommand(rename: Readonly<Record<string, string>> = SAME_NAMES) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<unknown>();
  const key = useRef<string | undefined>(undefined);

  const run = useCallback(
    async (send: Send): Promise<boolean> => {
      setBusy(true);
      setErrors({});
      setProblem(undefined);
      key.current ??= crypto.randomUUID();
      try {
        await send(key.current);
        key.current = undefined;
        return true;
      } catch (e) {
        if (e instanceof ApiError) {
          const byField: Errors = {};
          for (const { field, message } of e.errors) {
            const name = rename[field] ?? field;
            byField[name] = byField[name] ? `${byField[name]}; ${message}` : message;
          }
          setErrors(byField);
          // Another body with the same key would be refused (422): a changed form gets a new one.
          if (e.status === 400 || e.status === 409) key.current = undefined;
        }
        setProblem(e);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [rename],
  );
  const submit = useCallback(
    (send: Send, done: () => void) => {
      void run(send).then((ok) => {
        if (ok) done();
      });
    },
    [run],
  );
  const err = useCallback((field: string) => errors[field], [errors]);
  /** An input's props for one field of the command: its value, its change, the API's error. */
  const field = useCallback(
    <V,>(name: string, value: V, onChange: (value: V) => void) => ({
      value,
      onChange,
      error: errors[name],
    }),
    [errors],
  );
  /** The same for a text input or text area, whose change is an event. */
  const textField = useCallback(
    (name: string, value: string, set: (value: string) => void) => ({
      value,
      onChange: (event: { currentTarget: { value: string } }) => set(event.currentTarget.value),
      error: errors[name],
    }),
    [errors],
  );
  return { busy, submit, err, field, textField, errors, problem };
}

export type Command = ReturnType<typeof useCommand>;

/**
 * A command's form, named by its heading so it is a landmark a keyboard or screen reader can
 * reach: its fields, the API's problem (listing the field errors `shown` does not place beside a
 * field), and its submit button, with `alternatives` beside it when the form has more answers.
 */
export function CommandForm(props: {
  command: Command;
  title: string;
  send: Send;
  /** After the command has succeeded. */
  onDone: () => void;
  shown: readonly string[];
  submitLabel: string;
  alternatives?: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  const { command } = props;
  const id = useId();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    command.submit(props.send, props.onDone);
  };
  return (
    <Paper p="md" withBorder>
      <form aria-labelledby={id} onSubmit={onSubmit} noValidate data-testid={props.testId}>
        <Stack gap="sm">
          <Title order={3} size="h4" id={id}>
            {props.title}
          </Title>
          {props.children}
          <ProblemAlert problem={command.problem} errors={command.errors} shown={props.shown} />
          {props.alternatives ? (
            <Group>
              <Button type="submit" loading={command.busy}>
                {props.submitLabel}
              </Button>
              {props.alternatives}
            </Group>
          ) : (
            <Button type="submit" loading={command.busy} w="fit-content">
              {props.submitLabel}
            </Button>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

/**
 * The API's answer when a command failed: 403 said plainly as outside the role's or department's
 * rights, 409 as the case's state, with the service's own detail; field errors not shown beside a
 * field of the form are listed here.
 */
export function ProblemAlert({
  problem,
  shown = [],
  errors = {},
}: {
  problem: unknown;
  shown?: readonly string[];
  errors?: Record<string, string>;
}) {
  const { t } = useTranslation();
  if (problem === undefined) return null;
  if (!(problem instanceof ApiError)) {
    return (
      <Alert color="red" title={t('casework.problem.failed')} role="alert">
        {problem instanceof Error ? problem.message : String(problem)}
      </Alert>
    );
  }
  const title =
    problem.status === 403
      ? t('casework.problem.forbidden')
      : problem.status === 409
        ? t('casework.problem.conflict')
        : problem.status === 400 || problem.status === 422
          ? t('casework.problem.invalid')
          : problem.status === 404
            ? t('casework.problem.notFound')
            : t('casework.problem.failed');
  const elsewhere = Object.entries(errors).filter(([field]) => !shown.includes(field));
  return (
    <Alert color="red" title={title} role="alert" data-status={problem.status}>
      {problem.detail ?? problem.title}
      {elsewhere.length > 0 && (
        <List size="sm">
          {elsewhere.map(([field, message]) => (
            <List.Item key={field}>
              {field}: {message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** `value` with its word in the current language, the raw value when there is none. */
export function useLabel() {
  const { t } = useTranslation();
  return useCallback((group: string, value: string) => t(`casework.${group}.${value}`, value), [t]);
}

/**
 * A list whose rows open in place to be worked on (the approvals inbox, the review queue): one
 * row open at a time; a row's work done closes it, is named in a notice, and the list is read
 * again.
 */
export function useRowWork(refresh: () => void) {
  const [open, setOpen] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const toggle = useCallback(
    (id: string) => setOpen((current) => (current === id ? undefined : id)),
    [],
  );
  const finish = useCallback(
    (id: string) => {
      setOpen(undefined);
      setDone(id);
      refresh();
    },
    [refresh],
  );
  return { open, done, toggle, finish };
}

/** A row's button that opens its work below the list, or closes it again. */
export function OpenRowButton(props: {
  id: string;
  work: { open: string | undefined; toggle: (id: string) => void };
  children: ReactNode;
}) {
  return (
    <Button
      size="xs"
      variant="default"
      aria-expanded={props.work.open === props.id}
      onClick={() => props.work.toggle(props.id)}
    >
      {props.children}
    </Button>
  );
}

/** The notice of the last row's work done, naming the row by its id's first eight. */
export function WorkDone(props: {
  done: string | undefined;
  testId: string;
  message: (id: string) => string;
}) {
  const { t } = useTranslation();
  if (!props.done) return null;
  return (
    <Alert color="green" title={t('casework.done')} data-testid={props.testId}>
      {props.message(props.done.slice(0, 8))}
    </Alert>
  );
}
