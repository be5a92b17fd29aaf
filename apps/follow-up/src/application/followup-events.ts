import { EventRegistry, FOLLOWUP_EVENTS, type Actor } from '@redress/contracts';

/** Follow-up's own events, validated before they are appended and when read back. */
export const followUpEvents = new EventRegistry(FOLLOWUP_EVENTS);

export const FOLLOWUP_SOURCE = '/redress/followup';

/** The service itself, as the author of what its timers and inbound events decide. */
export const FOLLOWUP_ACTOR: Actor = { type: 'system', id: 'followup' };

/** Who and what caused the events a command, an inbound event or a timer appends. */
export interface EventContext {
  actor: Actor;
  correlationId: string;
  causationId?: string;
}
