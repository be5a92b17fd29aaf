"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TRIAGE_KAFKA = exports.TRIAGE_CLOCK = exports.TRIAGE_EVENT_STORE = exports.TRIAGE_PG_POOL = exports.TRIAGE_CONFIG = void 0;
/** Injection tokens of the triage service's infrastructure. */
exports.TRIAGE_CONFIG = Symbol('TRIAGE_CONFIG');
exports.TRIAGE_PG_POOL = Symbol('TRIAGE_PG_POOL');
exports.TRIAGE_EVENT_STORE = Symbol('TRIAGE_EVENT_STORE');
exports.TRIAGE_CLOCK = Symbol('TRIAGE_CLOCK');
/** The Kafka client shared by the inbound event transport and the outbox. */
exports.TRIAGE_KAFKA = Symbol('TRIAGE_KAFKA');
//# sourceMappingURL=tokens.js.map