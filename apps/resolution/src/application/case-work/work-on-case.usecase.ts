import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { answerCommandOnce, IdempotencyKeys, type EventStore } from '@redress/event-store';
import {
  actorOf,
  assertDepartmentScope,
  currentCorrelationId,
  type AuthUser,
} from '@redress/platform';
import {
  CaseNotFound,
  type CaseCommand,
  type CaseState,
  type OpenedCase,
  type StaffActor,
} from '../../domain';
import { CaseHandling } from '../case-handling';
import { caseView, type CaseView } from '../queries/case-view';
import { CaseQueries, staffOf } from '../queries/case-queries';
import { RESOLUTION_EVENT_STORE } from '../tokens';

const keys = new IdempotencyKeys('resolution');

/** What the command is, for the Idempotency-Key's scope and request hash. */
export interface CaseRequest {
  /** The endpoint's name: `assignment`, `contacts`, `remedies`, … */
  name: string;
  body: unknown;
  /**
   * An approval or rejection: a caller whom the approval matrix gives cross-department authority
   * for a body the plan still needs may act outside their department. Every other command is
   * scoped by the caller's department (CONTRACT changes of 2026-12-04).
   */
  approval?: boolean;
}

/** What a command answers: the events it appended, ids it made, and the case after it. */
export interface CaseCommandResult {
  events: string[];
  remedyId?: string;
  actionId?: string;
  case: CaseView;
}

/** Ids a command creates, made once per request (a retry with the same key gets the same ones). */
export interface NewIds {
  remedyId: string;
  actionId: string;
}

/** Builds the domain command from the moment, the caller, fresh ids and the case as it stands. */
export type CommandBuilder = (context: {
  at: string;
  by: StaffActor;
  ids: NewIds;
  state: OpenedCase;
}) => CaseCommand;

/**
 * Every person's command on a case (CONTRACT "Resolution API", one endpoint each): in one
 * transaction, under the caller's optional Idempotency-Key, the case is loaded, the caller's
 * department scope checked against the case's department (widened for a cross-department approver
 * of a plan that waits for them), the command built with the time, the caller and new ids, and
 * handed to the decider through `CaseHandling`. A concurrent write of the same case is retried.
 */
@Injectable()
export class WorkOnCase {
  constructor(
    @Inject(RESOLUTION_EVENT_STORE) private readonly store: EventStore,
    private readonly cases: CaseHandling,
    private readonly queries: CaseQueries,
  ) {}

  execute(
    complaintId: string,
    user: AuthUser,
    request: CaseRequest,
    idempotencyKey: string | undefined,
    status: number,
    build: CommandBuilder,
  ): Promise<CaseCommandResult> {
    const ids: NewIds = { remedyId: randomUUID(), actionId: randomUUID() };
    const idempotency = {
      scope: `${request.name}:${complaintId}:${user.sub}`,
      key: idempotencyKey,
      request: request.body,
    };
    return answerCommandOnce(this.store, keys, idempotency, async (tx) => {
      const at = this.cases.now().toISOString();
      const by = staffOf(user);
      const handled = await this.cases.handle(
        tx,
        complaintId,
        (state: CaseState) => {
          if (state.status === 'none') throw new CaseNotFound(complaintId);
          if (request.approval) this.queries.assertMaySee(user, state);
          else assertDepartmentScope(user, state.department);
          return build({ at, by, ids, state });
        },
        { actor: actorOf(user), correlationId: currentCorrelationId() ?? randomUUID() },
      );
      const after = handled.state;
      if (after.status === 'none') throw new CaseNotFound(complaintId);
      const types = handled.events.map((event) => event.type);
      return {
        status,
        body: {
          events: types,
          ...(types.includes('RemedyProposed') ? { remedyId: ids.remedyId } : {}),
          ...(types.includes('ActionScheduled') ? { actionId: ids.actionId } : {}),
          case: caseView(after, this.cases.now(), this.cases.policy),
        } satisfies CaseCommandResult,
      };
    });
  }
}
