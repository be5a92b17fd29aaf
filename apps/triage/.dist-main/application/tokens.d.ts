/** Injection tokens of the triage service's infrastructure. */
export declare const TRIAGE_CONFIG: unique symbol;
export declare const TRIAGE_PG_POOL: unique symbol;
export declare const TRIAGE_EVENT_STORE: unique symbol;
export declare const TRIAGE_CLOCK: unique symbol;
/** The Kafka client shared by the inbound event transport and the outbox. */
export declare const TRIAGE_KAFKA: unique symbol;
