import { INTAKE_EVENTS, LIFECYCLE_EVENTS, TRIAGE_EVENTS } from '@redress/contracts';
import { eventPatternsOf } from '@redress/nest-messaging';
import { inboundEvents } from '../application/inbox/triage-inbox';
import { TriageEventsController } from './triage-events.controller';

describe('TriageEventsController', () => {
  it('has a handler for every event type the inbox reads, one each, and for no other type', () => {
    const contractTypes = [...INTAKE_EVENTS, ...LIFECYCLE_EVENTS, ...TRIAGE_EVENTS].map(
      (definition) => definition.type,
    );
    const read = contractTypes.filter((type) => inboundEvents.has(type)).sort();

    const patterns = eventPatternsOf(TriageEventsController);

    expect([...patterns].sort()).toEqual(read);
  });
});
