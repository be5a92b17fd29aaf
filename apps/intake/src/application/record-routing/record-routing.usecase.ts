import { Inject, Injectable } from '@nestjs/common';
import {
  assertKeyedBy,
  ComplaintReclassified,
  ComplaintTriaged,
  EventRegistry,
} from '@redress/contracts';
import { processOnce, type EventStore } from '@redress/event-store';
import { laterRoute, type Route } from '../../domain/department-scope.policy';
import { ComplaintRoutes } from '../complaint-routes';
import { INTAKE_EVENT_STORE } from '../tokens';

/** The events of `complaints.triage.v1` that say where a complaint goes. */
export const routingEvents = new EventRegistry([ComplaintTriaged, ComplaintReclassified]);

/** The name under which intake records the inbound events it processed (`processed_events`). */
export const INTAKE_CONSUMER = 'intake';

/**
 * Learns from triage where each complaint was routed (CONTRACT.md, changes of 2026-12-04:
 * "after triage routes a complaint, its department is the routed one, in every service").
 * Each event is validated, then recorded exactly once in effect: its id enters the processed-
 * events ledger in the transaction that saves the route, so a redelivery changes nothing.
 * Events of one complaint may arrive out of order (a replayed dead letter) or before intake's
 * own registration (a replay into a fresh intake): the route from the later position of
 * triage's stream stands, and it is kept apart from the complaint, which reads it when it comes.
 */
@Injectable()
export class RecordRouting {
  constructor(
    @Inject(INTAKE_EVENT_STORE) private readonly store: EventStore,
    private readonly routes: ComplaintRoutes,
  ) {}

  async receive(
    value: unknown,
    key: string | null,
  ): Promise<'processed' | 'duplicate' | 'ignored'> {
    const event = routingEvents.parse(value);
    if (!event) return 'ignored';
    const complaintId = event.data.complaintId;
    assertKeyedBy(event, complaintId, key);
    const incoming: Route =
      event.type === 'ComplaintTriaged'
        ? {
            department: event.data.department,
            routedAt: event.data.triagedAt,
            triageVersion: event.streamversion,
          }
        : {
            department: event.data.after.department,
            routedAt: event.data.reclassifiedAt,
            triageVersion: event.streamversion,
          };
    return processOnce(
      this.store,
      INTAKE_CONSUMER,
      event.id,
      async (tx) => {
        const current = await this.routes.find(tx, complaintId);
        const next = laterRoute(current, incoming);
        if (next !== current) await this.routes.save(tx, complaintId, next, event.id);
      },
      // One complaint's events are decided one after another, whichever topic (main or retry)
      // delivers them.
      { lockKey: `intake-route:${complaintId}` },
    );
  }
}
