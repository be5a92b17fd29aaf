import { createHmac, hkdfSync } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  IdempotencyKeys,
  requestHash,
  runIdempotent,
  type CommandResult,
  type Sql,
} from '@redress/event-store';
import { IntakeSettings } from './intake-settings';

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
 *
 * The record keeps a keyed hash of the request, not a plain one: requests carry names, phone
 * numbers and e-mails, and a plain hash of a short body (an erasure naming a phone, a contact
 * change) gives them away to anyone who hashes every candidate.
 */
@Injectable()
export class IdempotentCommands {
  private readonly keys = new IdempotencyKeys('intake');
  private readonly fingerprintKey: Buffer;

  constructor(settings: IntakeSettings) {
    this.fingerprintKey = Buffer.from(
      hkdfSync('sha256', settings.customerRefKey, '', 'redress intake idempotency fingerprint', 32),
    );
  }

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
    if (key === undefined) return runIdempotent(this.keys, tx, scope, key, request, work);
    const fingerprint = createHmac('sha256', this.fingerprintKey)
      .update(requestHash(request))
      .digest('hex');
    if (answer === undefined) return runIdempotent(this.keys, tx, scope, key, fingerprint, work);
    let first: CommandResult<T> | undefined;
    const kept = await runIdempotent(this.keys, tx, scope, key, fingerprint, async () => {
      first = await work();
      return { status: first.status, body: answer.store(first.body) };
    });
    return first ?? { status: kept.status, body: answer.restore(kept.body) };
  }
}
