import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, type Actor } from '@redress/contracts';
import type { EventStore } from '@redress/event-store';
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
    @Inject(INTAKE_EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(customerRef: string, actor: Actor): Promise<void> {
    const erased = await this.store.transaction((tx) => this.vault.erase(tx, customerRef));
    if (!erased) throw new UnknownCustomer();
    this.audit.log({ msg: 'customer erased', customerRef, by: actor.id });
  }
}
