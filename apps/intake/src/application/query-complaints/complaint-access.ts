import { Injectable } from '@nestjs/common';
import { DomainError, type Actor } from '@redress/contracts';
import type { Sql } from '@redress/event-store';
import { seesAllDepartments } from '@redress/platform';
import type { RegisteredComplaint } from '../../domain/complaint';
import {
  responsibleDepartment,
  visibilityFor,
  type ComplaintDepartments,
  type Reader,
  type Route,
  type Visibility,
} from '../../domain/department-scope.policy';
import { ComplaintRoutes } from '../complaint-routes';
import type { ComplaintView, HandedOverView } from './complaint-view';

export class OutsideDepartmentScope extends DomainError {
  readonly kind = 'forbidden';
  constructor() {
    super("this complaint belongs to another department's scope");
  }
}

/** The receiving department reads its hand-over record, but no longer acts on the complaint. */
export class HandedOver extends DomainError {
  readonly kind = 'forbidden';
  constructor(department: string) {
    super(`this complaint was routed to the ${department} department, which handles it now`, {
      department,
    });
  }
}

/** Roles that call customers back and so may read their contacts (each read is audited). */
const READ_CONTACTS = new Set(['agent', 'supervisor', 'admin']);

export type Readable =
  | { visibility: 'full'; route: Route | undefined }
  | { visibility: 'handed-over'; route: Route; receivingDepartment: string };

/**
 * CONTRACT.md "Auth" and its changes of 2026-12-04: a department-scoped role sees and acts only
 * on its department's complaints — the receiving department's until triage routes them, the
 * routed department's after; supervisors and admins see all. The receiving department keeps a
 * handed-over record of what it passed on (domain/department-scope.policy.ts).
 */
@Injectable()
export class ComplaintAccess {
  constructor(private readonly routes: ComplaintRoutes) {}

  reader(actor: Actor): Reader {
    return {
      seesAllDepartments: actor.type === 'system' || seesAllDepartments(actor),
      department: actor.department,
    };
  }

  visibility(actor: Actor, complaint: ComplaintDepartments): Visibility {
    return visibilityFor(this.reader(actor), complaint);
  }

  /** The route and what the actor may see; throws when the complaint is outside its scope. */
  async assertCanRead(tx: Sql, actor: Actor, complaint: RegisteredComplaint): Promise<Readable> {
    const route = await this.routes.find(tx, complaint.complaintId);
    const visibility = this.visibility(actor, {
      receivingDepartment: complaint.receivingDepartment,
      routedDepartment: route?.department,
    });
    if (visibility === 'full') return { visibility, route };
    if (visibility === 'handed-over' && route && complaint.receivingDepartment !== undefined) {
      return { visibility, route, receivingDepartment: complaint.receivingDepartment };
    }
    throw new OutsideDepartmentScope();
  }

  /** Commands (amend, withdraw) need the complaint in full scope; returns its route. */
  async assertMayAct(
    tx: Sql,
    actor: Actor,
    complaint: RegisteredComplaint,
  ): Promise<Route | undefined> {
    const readable = await this.assertCanRead(tx, actor, complaint);
    if (readable.visibility === 'handed-over') throw new HandedOver(readable.route.department);
    return readable.route;
  }

  /**
   * Department filter of lists: `all`, `none`, or the department whose complaints the reader
   * sees in full and whose hand-overs it sees as such.
   */
  listScope(actor: Actor): { all: true } | { department: string } | { none: true } {
    const reader = this.reader(actor);
    if (reader.seesAllDepartments) return { all: true };
    return reader.department === undefined ? { none: true } : { department: reader.department };
  }

  mayReadContacts(actor: Actor): boolean {
    return actor.roles?.some((r) => READ_CONTACTS.has(r)) ?? false;
  }

  view(state: RegisteredComplaint, version: number, route: Route | undefined): ComplaintView {
    const department = responsibleDepartment({
      receivingDepartment: state.receivingDepartment,
      routedDepartment: route?.department,
    });
    return {
      ...state,
      ...(department !== undefined ? { department } : {}),
      ...(route !== undefined ? { routedAt: route.routedAt } : {}),
      version,
    };
  }

  handedOverView(
    complaint: Pick<
      RegisteredComplaint,
      | 'complaintId'
      | 'trackingNo'
      | 'status'
      | 'channel'
      | 'registeredAt'
      | 'acknowledgeBy'
      | 'updatedAt'
    > & { receivingDepartment: string },
    route: Route,
    version: number,
  ): HandedOverView {
    return {
      complaintId: complaint.complaintId,
      trackingNo: complaint.trackingNo,
      status: complaint.status,
      channel: complaint.channel,
      registeredAt: complaint.registeredAt,
      acknowledgeBy: complaint.acknowledgeBy,
      updatedAt: complaint.updatedAt,
      receivingDepartment: complaint.receivingDepartment,
      department: route.department,
      routedAt: route.routedAt,
      handedOver: true,
      version,
    };
  }
}
