"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TRIAGE_ACTOR = exports.TRIAGE_SOURCE = exports.triageEvents = void 0;
const contracts_1 = require("@redress/contracts");
/** Triage's own events, validated before they are appended and when read back. */
exports.triageEvents = new contracts_1.EventRegistry(contracts_1.TRIAGE_EVENTS);
exports.TRIAGE_SOURCE = '/redress/triage';
/** The service itself, as the author of automatic decisions. */
exports.TRIAGE_ACTOR = { type: 'system', id: 'triage' };
//# sourceMappingURL=triage-events.js.map