import { randomUUID } from 'node:crypto';

/** A CloudEvent of CONTRACT.md's envelope, as a test writes one (the contract's type, in shape). */
export interface TestCloudEvent<T> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  schemaversion: number;
  streamversion: number;
  correlationid: string;
  causationid?: string;
  authtype: 'app_user' | 'service_account' | 'system';
  authid: string;
  authclaims?: string;
  data: T;
}

/**
 * An event as a service's outbox would publish it: a new id, now as its time, schema version 1,
 * written by the system, at `streamversion` of its stream about `subject` (the complaint).
 */
export function cloudEvent<T>(
  source: string,
  type: string,
  subject: string,
  data: T,
  streamversion = 1,
): TestCloudEvent<T> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source,
    type,
    subject,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    schemaversion: 1,
    streamversion,
    correlationid: randomUUID(),
    authtype: 'system',
    authid: 'redress',
    data,
  };
}
