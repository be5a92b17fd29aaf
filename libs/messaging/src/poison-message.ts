const POISON = Symbol.for('@redress/messaging/PoisonMessage');

/**
 * Thrown by a handler (or raised by the consumer for a value that is not JSON) to say that
 * retrying cannot help: the message goes to the dead-letter topic at once and its partition
 * moves on. Anything else a handler throws is treated as transient and retried.
 */
export class PoisonMessage extends Error {
  readonly [POISON] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PoisonMessage';
  }
}

/**
 * Also true for a PoisonMessage from another copy of this lib (a service bundling its own),
 * where `instanceof` would say no.
 */
export function isPoisonMessage(error: unknown): error is PoisonMessage {
  return (
    error instanceof PoisonMessage ||
    (typeof error === 'object' && error !== null && POISON in error)
  );
}
