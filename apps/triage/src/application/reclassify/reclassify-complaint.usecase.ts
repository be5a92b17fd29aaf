import { Inject, Injectable } from '@nestjs/common';
import { retryOnConflict, type EventStore } from '@redress/event-store';
import type { SupervisorReclassification, TriageDecision } from '../../domain';
import type { ReclassificationDto } from '../../http/reclassification.dto';
import { ComplaintTriage } from '../complaint-triage';
import { answerOnce } from '../idempotency';
import { TRIAGE_EVENT_STORE } from '../tokens';
import type { EventContext } from '../triage-events';

/** A supervisor's override: type, category, grade or department, with a reason. */
@Injectable()
export class ReclassifyComplaint {
  constructor(
    @Inject(TRIAGE_EVENT_STORE) private readonly store: EventStore,
    private readonly triage: ComplaintTriage,
  ) {}

  execute(
    complaintId: string,
    dto: ReclassificationDto,
    context: EventContext,
    idempotencyKey?: string,
  ): Promise<TriageDecision> {
    const input: SupervisorReclassification = { ...dto, by: context.actor.id };
    const scope = `reclassify:${complaintId}:${context.actor.id}`;
    return retryOnConflict(() =>
      this.store.transaction((tx) =>
        answerOnce(tx, scope, idempotencyKey, dto, () =>
          this.triage.reclassifyComplaint(tx, complaintId, input, context),
        ),
      ),
    );
  }
}
