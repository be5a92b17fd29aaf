/** Topic names of CONTRACT.md. Each service writes only its own topic. */
export const TOPICS = {
  intake: 'complaints.intake.v1',
  triage: 'complaints.triage.v1',
  resolution: 'complaints.resolution.v1',
  followup: 'complaints.followup.v1',
  analytics: 'complaints.analytics.v1',
} as const;

export type ServiceName = keyof typeof TOPICS;
export type TopicName = (typeof TOPICS)[ServiceName];

/** CONTRACT.md: dead letters go to `complaints.dlq.<consumer-group>`. */
export function deadLetterTopic(consumerGroup: string): string {
  return `complaints.dlq.${consumerGroup}`;
}

/**
 * CONTRACT.md (changes of 2026-12-04): a replay of a group's dead letters goes to
 * `complaints.retry.<consumer-group>`, which only that group reads.
 */
export function retryTopic(consumerGroup: string): string {
  return `complaints.retry.${consumerGroup}`;
}
