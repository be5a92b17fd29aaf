import { Injectable } from '@nestjs/common';
import { DomainError } from '@redress/contracts';
import { IdempotencyKeys, requestHash, type Sql } from '@redress/event-store';

export interface CommandResult<T> {
  status: number;
  body: T;
}

/** CONTRACT.md: the same Idempotency-Key with another body answers 422. */
export class IdempotencyKeyReused extends DomainError {
  readonly kind = 'unprocessable';
  constructor() {
    super('this Idempotency-Key was already used with a different request body');
  }
}

/**
 * `Idempotency-Key` on every write: the first answer is stored in the same transaction as the
 * command's events, so a retry after a timeout or a crash gets exactly that answer and the
 * command never runs twice.
 */
@Injectable()
export class IdempotentCommands {
  private readonly keys = new IdempotencyKeys('intake');

  async run<T>(
    tx: Sql,
    scope: string,
    key: string | undefined,
    request: unknown,
    work: () => Promise<CommandResult<T>>,
  ): Promise<CommandResult<T>> {
    if (key === undefined) return work();
    const hash = requestHash(request);
    const earlier = await this.keys.find(tx, scope, key);
    if (earlier) {
      if (earlier.requestHash !== hash) throw new IdempotencyKeyReused();
      return { status: earlier.status, body: earlier.body as T };
    }
    const result = await work();
    await this.keys.save(tx, scope, key, hash, result.status, result.body);
    return result;
  }
}
