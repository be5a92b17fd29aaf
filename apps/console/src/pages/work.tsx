import { Alert, List } from '@mantine/core';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call, type Session } from '../api/client';

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

// The roles each endpoint admits (apps/resolution/src/http/cases.controller.ts, triage's
// controller). They only decide what the console offers: the API decides, and its 403 is shown.
const CASE_WORKERS = ['agent', 'supervisor', 'department_head', 'admin'];
const APPROVERS = ['supervisor', 'department_head', 'legal', 'admin'];
const REVIEW_READERS = ['agent', 'supervisor', 'department_head', 'admin'];
const RECLASSIFIERS = ['supervisor', 'admin'];

const hasAny = (session: Session, roles: readonly string[]) =>
  session.roles.some((role) => roles.includes(role));
export const worksOnCases = (session: Session) => hasAny(session, CASE_WORKERS);
export const approvesPlans = (session: Session) => hasAny(session, APPROVERS);
export const readsReviewQueue = (session: Session) => hasAny(session, REVIEW_READERS);
export const reclassifies = (session: Session) => hasAny(session, RECLASSIFIERS);

type Errors = Record<string, string>;
const SAME_NAMES: Readonly<Record<string, string>> = {};

/**
 * One command form's state: busy while it runs, the API's field errors by field (problem+json
 * `errors[].field`, a dotted path such as `options.0.value.amount`), and the problem itself.
 * Each attempt keeps its Idempotency-Key until it succeeds, so a retry after a lost answer is
 * answered once.
 */
export function useCommand(rename: Readonly<Record<string, string>> = SAME_NAMES) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<unknown>();
  const key = useRef<string | undefined>(undefined);

  const run = useCallback(
    async (send: (idempotencyKey: string) => Promise<unknown>): Promise<boolean> => {
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
  const err = useCallback((field: string) => errors[field], [errors]);
  return { busy, run, err, errors, problem };
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
