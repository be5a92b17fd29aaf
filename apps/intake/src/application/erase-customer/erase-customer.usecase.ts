import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, type Actor } from '@redress/contracts';
import type { EventStore } from '@redress/event-store';
import { IdempotentCommands } from '../idempotent-commands';
import { PersonalDataVault } from '../personal-data/personal-data.vault';
import { INTAKE_EVENT_STORE } from '../tokens';

export class UnknownCustomer extends DomainError {
  readonly kind = 'not_found';
  constructor() {
    super('no personal data is held for this customerRef (never known, or already erased)');
  }
}

/**
 * Right to erasure by crypto-shredding: the customer's key is destroyed, so their contacts are
 * unreadable everywhere, while events and projections — which only ever held the customerRef and
 * masked contacts — stay valid and complete.
 */
@Injectable()
export class EraseCustomer {
  private readonly audit = new Logger('PersonalDataAccess');

  constructor(
    private readonly vault: PersonalDataVault,
    private readonly idempotent: IdempotentCommands,
    @Inject(INTAKE_EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * Erasing again answers 404 (nothing is held any more), except for a retry with the first
   * request's Idempotency-Key, which gets the first answer.
   */
  async execute(customerRef: string, actor: Actor, idempotencyKey?: string): Promise<void> {
    let erasedNow = false;
    await this.store.transaction((tx) =>
      this.idempotent.run(tx, `erase:${customerRef}:${actor.id}`, idempotencyKey, {}, async () => {
        if (!(await this.vault.erase(tx, customerRef))) throw new UnknownCustomer();
        erasedNow = true;
        return { status: 204, body: null };
      }),
    );
    // Audited once, when committed; a replayed answer erased nothing.
    if (erasedNow) this.audit.log({ msg: 'customer erased', customerRef, by: actor.id });
  }
}
