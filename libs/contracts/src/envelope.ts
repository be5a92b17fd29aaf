/**
 * The CloudEvents 1.0 envelope of CONTRACT.md, structured mode over Kafka: the record value is
 * the whole envelope as JSON, the record key is the complaint id (`subject`), and the header
 * `content-type` is CLOUDEVENTS_CONTENT_TYPE.
 */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

export type AuthType = 'app_user' | 'service_account' | 'system';

export interface CloudEvent<TType extends string = string, TData = unknown> {
  specversion: '1.0';
  id: string;
  /** `/redress/<service>` */
  source: string;
  type: TType;
  /** The complaint id; also the Kafka record key. */
  subject: string;
  /** ISO-8601 instant the event was recorded. */
  time: string;
  datacontenttype: 'application/json';
  schemaversion: number;
  /** Position of the event in its producer's stream for this complaint (1-based). */
  streamversion: number;
  correlationid: string;
  causationid?: string;
  authtype: AuthType;
  authid: string;
  /** `{ roles, department }` of the actor, as a JSON string (CloudEvents auth-context). */
  authclaims?: string;
  /**
   * W3C trace context of the work that recorded the event (CloudEvents distributed-tracing
   * extension): the same values travel as the record's `traceparent`/`tracestate` headers.
   */
  traceparent?: string;
  tracestate?: string;
  data: TData;
}

/** Who caused an event: the authenticated user, another service, or the platform itself. */
export interface Actor {
  type: AuthType;
  id: string;
  roles?: readonly string[];
  department?: string;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: 'redress' };
