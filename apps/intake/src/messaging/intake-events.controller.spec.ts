import { TRIAGE_EVENTS } from '@redress/contracts';
import { eventPatternsOf } from '@redress/nest-messaging';
import { routingEvents } from '../application/record-routing/record-routing.usecase';
import { IntakeEventsController } from './intake-events.controller';

describe('IntakeEventsController', () => {
  it('has a handler for every triage event that routes a complaint, one each, and for no other type', () => {
    const read = TRIAGE_EVENTS.map((definition) => definition.type)
      .filter((type) => routingEvents.has(type))
      .sort();
    expect(read).toEqual(['ComplaintReclassified', 'ComplaintTriaged']);
    expect([...eventPatternsOf(IntakeEventsController)].sort()).toEqual(read);
  });
});
