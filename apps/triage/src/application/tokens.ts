/** Injection tokens of the triage service's infrastructure. */
export const TRIAGE_CONFIG = Symbol('TRIAGE_CONFIG');
export const TRIAGE_PG_POOL = Symbol('TRIAGE_PG_POOL');
export const TRIAGE_EVENT_STORE = Symbol('TRIAGE_EVENT_STORE');
export const TRIAGE_CLOCK = Symbol('TRIAGE_CLOCK');
/** The Kafka client shared by the inbound event transport and the outbox. */
export const TRIAGE_KAFKA = Symbol('TRIAGE_KAFKA');
