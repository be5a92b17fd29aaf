import { BaseRpcContext } from '@nestjs/microservices';
import type { InboundMessage } from '@redress/messaging';

/**
 * What an `@EventPattern` handler learns about the record besides its value (`@Ctx()`): where
 * it was read, its Kafka key (the complaint id on Redress topics), its headers and which try of
 * this delivery it is. A replayed dead letter shows the topic it first came from.
 */
export class KafkaEventContext extends BaseRpcContext<[InboundMessage]> {
  /** The whole record as the messaging lib's consumer handed it over. */
  getMessage(): InboundMessage {
    return this.args[0];
  }

  /** The contract's name of the topic (the environment's prefix stripped). */
  getTopic(): string {
    return this.args[0].topic;
  }

  getPartition(): number {
    return this.args[0].partition;
  }

  /** A 64-bit offset, as a decimal string. */
  getOffset(): string {
    return this.args[0].offset;
  }

  getKey(): string | null {
    return this.args[0].key;
  }

  getHeaders(): Record<string, string> {
    return this.args[0].headers;
  }

  /** 1 on the first try of this delivery, 2 on the first retry, … */
  getAttempt(): number {
    return this.args[0].attempt;
  }

  /** The record's timestamp, epoch milliseconds as a decimal string. */
  getTimestamp(): string {
    return this.args[0].timestamp;
  }
}
