import { EventRegistry, RESOLUTION_EVENTS, type Actor } from '@redress/contracts';

/** Resolution's own events, validated before they are appended and when read back. */
export const resolutionEvents = new EventRegistry(RESOLUTION_EVENTS);

export const RESOLUTION_SOURCE = '/redress/resolution';

/** The service itself, as the author of what its timers and inbound events decide. */
export const RESOLUTION_ACTOR: Actor = { type: 'system', id: 'resolution' };

/** Who and what caused the events a command, an inbound event or a timer appends. */
export interface EventContext {
  actor: Actor;
  correlationId: string;
  /** The inbound event that caused them, when one did. */
  causationId?: string;
}
