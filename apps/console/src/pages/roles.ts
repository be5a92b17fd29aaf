import type { Session } from '../api/client';

// The roles each endpoint admits (apps/resolution/src/http/cases.controller.ts, triage's
// controller). They only decide what the console offers: the API decides, and its 403 is shown.
const CASE_WORKERS = ['agent', 'supervisor', 'department_head', 'admin'];
const APPROVERS = ['supervisor', 'department_head', 'legal', 'admin'];
const REVIEW_READERS = ['agent', 'supervisor', 'department_head', 'admin'];
const RECLASSIFIERS = ['supervisor', 'admin'];
/** Who reads every department's lists and figures; everyone else reads their own department's. */
const ALL_DEPARTMENTS = ['supervisor', 'admin'];

const hasAny = (session: Session, roles: readonly string[]) =>
  session.roles.some((role) => roles.includes(role));
export const worksOnCases = (session: Session) => hasAny(session, CASE_WORKERS);
export const approvesPlans = (session: Session) => hasAny(session, APPROVERS);
export const readsReviewQueue = (session: Session) => hasAny(session, REVIEW_READERS);
export const reclassifies = (session: Session) => hasAny(session, RECLASSIFIERS);
export const seesAllDepartments = (session: Session) => hasAny(session, ALL_DEPARTMENTS);
