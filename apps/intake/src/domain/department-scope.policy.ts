/**
 * Which department a complaint belongs to, and what a department-scoped reader sees of it
 * (CONTRACT.md "Auth" and its changes of 2026-12-04: "after triage routes a complaint, its
 * department is the routed one, in every service").
 *
 * DOMAIN §1: the receiving department registers the complaint and passes it on to the handling
 * department. Until triage routes it, the complaint is the receiving department's. Once routed,
 * it is the routed department's; the receiving department keeps a handed-over record — that it
 * received the complaint, its tracking number and status, and where and when it went — so it can
 * answer the customer's "where is my complaint?" and show its own hand-over, but no longer its
 * contents (description, subject, remedies, flags, attachments, the customer) and no longer acts
 * on it.
 */

/** The department triage routed a complaint to, at a position of triage's stream. */
export interface Route {
  department: string;
  routedAt: string;
  /** `streamversion` of the triage event that said so: the later one wins. */
  triageVersion: number;
}

export interface ComplaintDepartments {
  /** The department of the person who registered it (absent for channels without one). */
  receivingDepartment?: string | undefined;
  /** The department triage routed it to, once it did. */
  routedDepartment?: string | undefined;
}

/** Who asks: roles that see every department (supervisor, admin), or one department. */
export interface Reader {
  seesAllDepartments: boolean;
  department?: string | undefined;
}

/**
 * - `full`: the complaint is in the reader's scope (reads, commands).
 * - `handed-over`: the reader's department received it and triage routed it elsewhere.
 * - `none`: outside the reader's scope; not even its existence is shown.
 */
export type Visibility = 'full' | 'handed-over' | 'none';

/** The department responsible for the complaint now: the routed one, else the receiving one. */
export function responsibleDepartment(complaint: ComplaintDepartments): string | undefined {
  return complaint.routedDepartment ?? complaint.receivingDepartment;
}

export function visibilityFor(reader: Reader, complaint: ComplaintDepartments): Visibility {
  if (reader.seesAllDepartments) return 'full';
  if (reader.department === undefined) return 'none';
  if (responsibleDepartment(complaint) === reader.department) return 'full';
  if (complaint.receivingDepartment === reader.department) return 'handed-over';
  return 'none';
}

/**
 * Triage's events can arrive out of order (a replayed dead letter, a retry topic): of two
 * routes, the one from the later position of triage's stream stands.
 */
export function laterRoute(current: Route | undefined, incoming: Route): Route {
  return current !== undefined && current.triageVersion >= incoming.triageVersion
    ? current
    : incoming;
}
