import { randomUUID } from 'node:crypto';

/**
 * An event as a service's outbox would publish it, in CONTRACT.md's CloudEvents envelope (the
 * shape of `CloudEvent` of `@redress/contracts`): a new id, now as its time, schema version 1,
 * written by the system, at `streamversion` of its stream about `subject` (the complaint).
 */
export function cloudEvent<T>(
  source: string,
  type: string,
  subject: string,
  data: T,
  streamversion = 1,
) {
  return {
    specversion: '1.0' as const,
    id: randomUUID(),
    source,
    type,
    subject,
    time: new Date().toISOString(),
    datacontenttype: 'application/json' as const,
    schemaversion: 1,
    streamversion,
    correlationid: randomUUID(),
    authtype: 'system' as 'app_user' | 'service_account' | 'system',
    authid: 'redress',
    data,
  };
}
