/** Injection tokens of the follow-up service's infrastructure. */
export const FOLLOWUP_CONFIG = Symbol('FOLLOWUP_CONFIG');
export const FOLLOWUP_PG_POOL = Symbol('FOLLOWUP_PG_POOL');
export const FOLLOWUP_EVENT_STORE = Symbol('FOLLOWUP_EVENT_STORE');
export const FOLLOWUP_CLOCK = Symbol('FOLLOWUP_CLOCK');
/** The compiled follow-up policy. */
export const FOLLOWUP_POLICY = Symbol('FOLLOWUP_POLICY');
/** The Kafka client shared by the inbound event transport and the outbox. */
export const FOLLOWUP_KAFKA = Symbol('FOLLOWUP_KAFKA');
