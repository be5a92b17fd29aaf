import { Injectable } from '@nestjs/common';
import { IdempotencyKeys, runIdempotent, type CommandResult, type Sql } from '@redress/event-store';

export type { CommandResult } from '@redress/event-store';

/**
 * `Idempotency-Key` on every write: the first answer is stored in the same transaction as the
 * command's events, so a retry after a timeout or a crash gets exactly that answer and the
 * command never runs twice.
 */
@Injectable()
export class IdempotentCommands {
  private readonly keys = new IdempotencyKeys('intake');

  run<T>(
    tx: Sql,
    scope: string,
    key: string | undefined,
    request: unknown,
    work: () => Promise<CommandResult<T>>,
  ): Promise<CommandResult<T>> {
    return runIdempotent(this.keys, tx, scope, key, request, work);
  }
}
