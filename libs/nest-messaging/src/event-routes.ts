import type { MessageHandler } from '@nestjs/microservices';

/**
 * The pattern of an `@EventPattern` handler on this transport: a CloudEvent `type`, which
 * matches that type on every subscribed topic, or a type on one topic (the contract's name).
 */
export type EventPatternOf = string | { topic: string; type: string };

/**
 * Which handler takes which record, built once from the handlers Nest registered (keyed by
 * Nest's route string of each pattern). A handler for a type on one topic wins over one for the
 * type on every topic; a record matching neither has no handler.
 */
export class EventRoutes {
  private constructor(
    private readonly byType: ReadonlyMap<string, MessageHandler>,
    private readonly byTopic: ReadonlyMap<string, ReadonlyMap<string, MessageHandler>>,
  ) {}

  /**
   * Throws, naming the handler's pattern, for what this transport cannot serve: a
   * request-response `@MessagePattern`, a pattern that is neither a type nor `{ topic, type }`,
   * or a topic the transport does not subscribe.
   */
  static from(
    handlers: ReadonlyMap<string, MessageHandler>,
    topics: readonly string[],
  ): EventRoutes {
    const byType = new Map<string, MessageHandler>();
    const byTopic = new Map<string, Map<string, MessageHandler>>();
    for (const [route, handler] of handlers) {
      if (handler.isEventHandler !== true) {
        throw new Error(
          `@MessagePattern(${route}) expects a reply, which Kafka events do not give: use @EventPattern`,
        );
      }
      const pattern = parseRoute(route);
      if (typeof pattern === 'string') {
        byType.set(pattern, handler);
        continue;
      }
      if (!topics.includes(pattern.topic)) {
        throw new Error(
          `@EventPattern(${route}) names ${pattern.topic}, which is not among the subscribed ` +
            `topics (${topics.join(', ')})`,
        );
      }
      let ofTopic = byTopic.get(pattern.topic);
      if (ofTopic === undefined) byTopic.set(pattern.topic, (ofTopic = new Map()));
      ofTopic.set(pattern.type, handler);
    }
    return new EventRoutes(byType, byTopic);
  }

  find(topic: string, type: string): MessageHandler | undefined {
    return this.byTopic.get(topic)?.get(type) ?? this.byType.get(type);
  }

  /** The patterns served, for the log line at start. */
  describe(): string[] {
    const topicPatterns = [...this.byTopic].flatMap(([topic, types]) =>
      [...types.keys()].map((type) => `${topic}/${type}`),
    );
    return [...this.byType.keys(), ...topicPatterns].sort();
  }
}

/** Nest's route of a pattern back to the pattern: a plain string, or its object as JSON. */
function parseRoute(route: string): EventPatternOf {
  if (!route.startsWith('{')) {
    if (route.trim() === '') throw new Error('@EventPattern() needs a CloudEvent type');
    return route;
  }
  const refused = `@EventPattern(${route}) is neither a CloudEvent type nor { topic, type } with two strings`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(route);
  } catch (error: unknown) {
    throw new Error(refused, { cause: error });
  }
  if (isTopicPattern(parsed)) return parsed;
  throw new Error(refused);
}

function isTopicPattern(value: unknown): value is { topic: string; type: string } {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value).sort();
  const { topic, type } = value as { topic?: unknown; type?: unknown };
  return (
    keys.length === 2 &&
    keys[0] === 'topic' &&
    keys[1] === 'type' &&
    typeof topic === 'string' &&
    topic !== '' &&
    typeof type === 'string' &&
    type !== ''
  );
}
