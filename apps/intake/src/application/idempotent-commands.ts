import { Injectable } from '@nestjs/common';
import { IdempotencyKeys, runIdempotent, type CommandResult, type Sql } from '@redress/event-store';

export type { CommandResult } from '@redress/event-store';

/**
 * How an answer is kept for retries when it holds something that must not be stored as it is
 * (the access code of a registration): `store` turns the first answer into what is kept,
 * `restore` turns that back into the answer a retry gets.
 */
export interface StoredAnswer<T, S> {
  store(body: T): S;
  restore(stored: S): T;
}

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
  ): Promise<CommandResult<T>>;
  run<T, S>(
    tx: Sql,
    scope: string,
    key: string | undefined,
    request: unknown,
    work: () => Promise<CommandResult<T>>,
    answer: StoredAnswer<T, S>,
  ): Promise<CommandResult<T>>;
  async run<T, S>(
    tx: Sql,
    scope: string,
    key: string | undefined,
    request: unknown,
    work: () => Promise<CommandResult<T>>,
    answer?: StoredAnswer<T, S>,
  ): Promise<CommandResult<T>> {
    // Without a key nothing is kept, so nothing needs turning into its kept form.
    if (answer === undefined || key === undefined) {
      return runIdempotent(this.keys, tx, scope, key, request, work);
    }
    let first: CommandResult<T> | undefined;
    const kept = await runIdempotent(this.keys, tx, scope, key, request, async () => {
      first = await work();
      return { status: first.status, body: answer.store(first.body) };
    });
    return first ?? { status: kept.status, body: answer.restore(kept.body) };
  }
}
