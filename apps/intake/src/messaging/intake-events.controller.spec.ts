import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { LIFECYCLE_EVENTS, RESOLUTION_EVENTS, TRIAGE_EVENTS } from '@redress/contracts';
import { eventPatternsOf } from '@redress/nest-messaging';
import { progressEvents } from '../application/record-progress/record-progress.usecase';
import { routingEvents } from '../application/record-routing/record-routing.usecase';
import { IntakeEventsController } from './intake-events.controller';

/** The patterns of one handler of the controller. */
const handled = (method: 'routed' | 'progressed'): string[] =>
  Reflect.getMetadata(PATTERN_METADATA, IntakeEventsController.prototype[method]) as string[];

describe('IntakeEventsController', () => {
  const inbound = [...TRIAGE_EVENTS, ...RESOLUTION_EVENTS, ...LIFECYCLE_EVENTS].map((d) => d.type);

  it('routes with every triage event that routes a complaint, one each, and no other type', () => {
    const read = inbound.filter((type) => routingEvents.has(type)).sort();
    expect(read).toEqual(['ComplaintReclassified', 'ComplaintTriaged']);
    expect([...handled('routed')].sort()).toEqual(read);
  });

  it('moves the public stage with every lifecycle event the stage policy knows, one each', () => {
    const read = [...new Set(inbound.filter((type) => progressEvents.has(type)))].sort();
    expect(read).toHaveLength(17);
    expect([...handled('progressed')].sort()).toEqual(read);
    expect([...eventPatternsOf(IntakeEventsController)].sort()).toEqual(
      [...read, 'ComplaintReclassified', 'ComplaintTriaged'].sort(),
    );
  });
});
