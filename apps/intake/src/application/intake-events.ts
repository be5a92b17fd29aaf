import { EventRegistry, INTAKE_EVENTS } from '@redress/contracts';

export const intakeEvents = new EventRegistry(INTAKE_EVENTS);
