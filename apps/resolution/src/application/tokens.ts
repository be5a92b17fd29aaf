/** Injection tokens of the resolution service's infrastructure. */
export const RESOLUTION_CONFIG = Symbol('RESOLUTION_CONFIG');
export const RESOLUTION_PG_POOL = Symbol('RESOLUTION_PG_POOL');
export const RESOLUTION_EVENT_STORE = Symbol('RESOLUTION_EVENT_STORE');
export const RESOLUTION_CLOCK = Symbol('RESOLUTION_CLOCK');
/** The compiled resolution policy (approval matrix, clocks, supervision, crisis). */
export const RESOLUTION_POLICY = Symbol('RESOLUTION_POLICY');
/** The Kafka client shared by the inbound event transport and the outbox. */
export const RESOLUTION_KAFKA = Symbol('RESOLUTION_KAFKA');
