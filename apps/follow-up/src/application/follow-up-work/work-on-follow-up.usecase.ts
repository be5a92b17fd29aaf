import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { answerCommandOnce, IdempotencyKeys, type EventStore } from '@redress/event-store';
import { actorOf, currentCorrelationId, type AuthUser } from '@redress/platform';
import {
  FollowUpNotFound,
  type FollowUp,
  type FollowUpCommand,
  type FollowUpState,
} from '../../domain';
import { FollowUpHandling } from '../followup-handling';
import { assertMaySee } from '../queries/followup-queries';
import { FOLLOWUP_EVENT_STORE } from '../tokens';

const keys = new IdempotencyKeys('followup');

/** Builds the domain command from the moment, the caller, a fresh id and the follow-up. */
export type FollowUpCommandBuilder = (context: {
  at: string;
  by: string;
  id: string;
  state: FollowUp;
}) => FollowUpCommand;

/** What a command answers: the events it appended, the id it made, and the follow-up after it. */
export interface FollowUpCommandResult {
  events: string[];
  id?: string;
  followUp: FollowUp;
}

/**
 * Every person's command on a follow-up (CONTRACT "Follow-up API"): one transaction under the
 * caller's optional Idempotency-Key (`answerCommandOnce`), the caller's department scope checked
 * against the complaint's department (or the department a corrective action is addressed to),
 * the command built with the time, the caller and a new id, and decided through
 * `FollowUpHandling`.
 */
@Injectable()
export class WorkOnFollowUp {
  constructor(
    @Inject(FOLLOWUP_EVENT_STORE) private readonly store: EventStore,
    private readonly followUps: FollowUpHandling,
  ) {}

  execute(
    complaintId: string,
    user: AuthUser,
    request: { name: string; body: unknown },
    idempotencyKey: string | undefined,
    status: number,
    build: FollowUpCommandBuilder,
  ): Promise<FollowUpCommandResult> {
    const id = randomUUID();
    const idempotency = {
      scope: `${request.name}:${complaintId}:${user.sub}`,
      key: idempotencyKey,
      request: request.body,
    };
    return answerCommandOnce(this.store, keys, idempotency, async (tx) => {
      const at = this.followUps.now().toISOString();
      const handled = await this.followUps.handle(
        tx,
        complaintId,
        (state: FollowUpState) => {
          if (state.status === 'none') throw new FollowUpNotFound(complaintId);
          assertMaySee(user, state);
          return build({ at, by: user.sub, id, state });
        },
        { actor: actorOf(user), correlationId: currentCorrelationId() ?? randomUUID() },
      );
      if (handled.state.status === 'none') throw new FollowUpNotFound(complaintId);
      const types = handled.events.map((event) => event.type);
      const created = types.some((t) =>
        ['CorrectiveActionRequested', 'GoodwillGestureRecorded', 'CaseStudyPublished'].includes(t),
      );
      return {
        status,
        body: { events: types, ...(created ? { id } : {}), followUp: handled.state },
      };
    });
  }
}
