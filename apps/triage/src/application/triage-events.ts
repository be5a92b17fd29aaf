import { EventRegistry, TRIAGE_EVENTS, type Actor } from '@redress/contracts';

/** Triage's own events, validated before they are appended and when read back. */
export const triageEvents = new EventRegistry(TRIAGE_EVENTS);

export const TRIAGE_SOURCE = '/redress/triage';

/** The service itself, as the author of automatic decisions. */
export const TRIAGE_ACTOR: Actor = { type: 'system', id: 'triage' };

/** Who and what caused the events a command or an inbound event appends. */
export interface EventContext {
  actor: Actor;
  correlationId: string;
  /** The inbound event that caused them, when one did. */
  causationId?: string;
}
