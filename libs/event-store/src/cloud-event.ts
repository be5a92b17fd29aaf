import type { CloudEvent } from '@redress/contracts';
import type { StoredEvent } from './stored-event';

/** The CONTRACT.md envelope of a stored event, ready for the Kafka binding in structured mode. */
export function toCloudEvent(e: StoredEvent): CloudEvent {
  const m = e.metadata;
  const envelope: CloudEvent = {
    specversion: '1.0',
    id: e.eventId,
    source: m.source,
    type: e.type,
    subject: e.streamId,
    time: e.recordedAt.toISOString(),
    datacontenttype: 'application/json',
    schemaversion: e.schemaVersion,
    streamversion: e.streamVersion,
    correlationid: m.correlationid,
    authtype: m.authtype,
    authid: m.authid,
    data: e.data,
  };
  if (m.causationid !== undefined) envelope.causationid = m.causationid;
  // CloudEvents distributed-tracing extension: the context the event was recorded in.
  if (m.traceparent !== undefined) envelope.traceparent = m.traceparent;
  if (m.tracestate !== undefined) envelope.tracestate = m.tracestate;
  if (m.authclaims !== undefined) {
    const claims: { roles?: string[]; department?: string } = {};
    if (m.authclaims.roles !== undefined) claims.roles = m.authclaims.roles;
    if (m.authclaims.department !== undefined) claims.department = m.authclaims.department;
    envelope.authclaims = JSON.stringify(claims);
  }
  return envelope;
}
