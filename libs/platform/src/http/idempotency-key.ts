import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { InvalidInput } from '@redress/contracts';

/** The request header every write endpoint accepts (CONTRACT: "Idempotency-Key"). */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

const PRINTABLE_ASCII = /^[\x21-\x7e]{1,200}$/;

/**
 * The header's value, or undefined when absent; 400 naming the header unless it is 1–200
 * printable ASCII characters (IETF draft "The Idempotency-Key HTTP Header Field").
 */
export function idempotencyKeyOf(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !PRINTABLE_ASCII.test(raw)) {
    throw new InvalidInput(IDEMPOTENCY_KEY_HEADER, 'must be 1–200 printable ASCII characters');
  }
  return raw;
}

/** The request's checked `Idempotency-Key`: `@IdempotencyKey() key: string | undefined`. */
export const IdempotencyKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => {
    const req = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    return idempotencyKeyOf(req.headers['idempotency-key']);
  },
);
