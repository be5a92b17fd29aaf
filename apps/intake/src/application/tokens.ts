/** Injection tokens of the intake service's infrastructure. */
export const INTAKE_EVENT_STORE = Symbol('INTAKE_EVENT_STORE');
export const INTAKE_PG_POOL = Symbol('INTAKE_PG_POOL');
export const INTAKE_CONFIG = Symbol('INTAKE_CONFIG');
export const INTAKE_CLOCK = Symbol('INTAKE_CLOCK');
export const INTAKE_CALENDAR = Symbol('INTAKE_CALENDAR');
export const INTAKE_KAFKA = Symbol('INTAKE_KAFKA');
export const INTAKE_GROUP_COMMIT = Symbol('INTAKE_GROUP_COMMIT');
