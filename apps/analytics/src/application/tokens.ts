/** Injection tokens of the analytics service's infrastructure. */
export const ANALYTICS_CONFIG = Symbol('ANALYTICS_CONFIG');
export const ANALYTICS_PG_POOL = Symbol('ANALYTICS_PG_POOL');
export const ANALYTICS_KAFKA = Symbol('ANALYTICS_KAFKA');
export const ANALYTICS_EVENT_STORE = Symbol('ANALYTICS_EVENT_STORE');
export const ANALYTICS_POLICY = Symbol('ANALYTICS_POLICY');
