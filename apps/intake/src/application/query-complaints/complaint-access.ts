import { Injectable } from '@nestjs/common';
import { DomainError, type Actor } from '@redress/contracts';
import type { RegisteredComplaint } from '../../domain/complaint';
import type { ComplaintView } from './complaint-view';

export class OutsideDepartmentScope extends DomainError {
  readonly kind = 'forbidden';
  constructor() {
    super("this complaint belongs to another department's scope");
  }
}

const SEE_ALL = new Set(['supervisor', 'admin']);
/** Roles that call customers back and so may read their contacts (each read is audited). */
const READ_CONTACTS = new Set(['agent', 'supervisor', 'admin']);

/**
 * CONTRACT.md "Auth": a department-scoped role sees only its department's complaints;
 * supervisors and admins see all. In intake a complaint belongs to the department that received
 * it (the routed department arrives with triage).
 */
@Injectable()
export class ComplaintAccess {
  canSee(actor: Actor, complaint: Pick<RegisteredComplaint, 'receivingDepartment'>): boolean {
    if (actor.type === 'system' || actor.roles?.some((r) => SEE_ALL.has(r))) return true;
    return actor.department !== undefined && complaint.receivingDepartment === actor.department;
  }

  assertCanSee(actor: Actor, complaint: Pick<RegisteredComplaint, 'receivingDepartment'>): void {
    if (!this.canSee(actor, complaint)) throw new OutsideDepartmentScope();
  }

  /** Department filter for lists: undefined means every department. */
  departmentFilter(actor: Actor): string | null | undefined {
    if (actor.type === 'system' || actor.roles?.some((r) => SEE_ALL.has(r))) return undefined;
    return actor.department ?? null;
  }

  mayReadContacts(actor: Actor): boolean {
    return actor.roles?.some((r) => READ_CONTACTS.has(r)) ?? false;
  }

  view(state: RegisteredComplaint, version: number): ComplaintView {
    return { ...state, version };
  }
}
