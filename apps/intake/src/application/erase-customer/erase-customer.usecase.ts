import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, type Actor } from '@redress/contracts';
import type { EventStore } from '@redress/event-store';
import { IdempotentCommands } from '../idempotent-commands';
import {
  PersonalDataVault,
  type Erased,
  type PersonIdentifiers,
} from '../personal-data/personal-data.vault';
import { INTAKE_EVENT_STORE } from '../tokens';

export class UnknownCustomer extends DomainError {
  readonly kind = 'not_found';
  constructor() {
    super('no personal data is held for this customer (never known, or already erased)');
  }
}

export interface ErasureReport extends Erased {
  /** True when nothing was erased: the answer says what an erasure would destroy. */
  dryRun: boolean;
}

/**
 * Right to erasure by crypto-shredding: the customer's key, encrypted contacts and identifier
 * lookups are destroyed, so their contacts are unreadable everywhere, while events and
 * projections — which only ever held the customerRef and masked contacts — stay valid and
 * complete. What erasure does not reach is listed in the intake README ("Erasure").
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
   * One customer record, by its customerRef. Erasing again answers 404 (nothing is held any
   * more), except for a retry with the first request's Idempotency-Key, which gets the first
   * answer.
   */
  async execute(customerRef: string, actor: Actor, idempotencyKey?: string): Promise<void> {
    await this.erase(
      `erase:${customerRef}:${actor.id}`,
      { customerRefs: [customerRef] },
      false,
      actor,
      idempotencyKey,
    );
  }

  /**
   * A person, by every identifier they name (customerRefs, external ids, phones, e-mails): every
   * record any of them finds is erased in one transaction. `dryRun` answers the same without
   * erasing, so an operator sees how far a shared identifier (a shop's phone) would reach.
   */
  erasePerson(
    person: PersonIdentifiers,
    dryRun: boolean,
    actor: Actor,
    idempotencyKey?: string,
  ): Promise<ErasureReport> {
    return this.erase(`erase-person:${actor.id}`, person, dryRun, actor, idempotencyKey);
  }

  private async erase(
    scope: string,
    person: PersonIdentifiers,
    dryRun: boolean,
    actor: Actor,
    idempotencyKey: string | undefined,
  ): Promise<ErasureReport> {
    let erasedNow: Erased | undefined;
    const result = await this.store.transaction((tx) =>
      this.idempotent.run<ErasureReport>(
        tx,
        scope,
        idempotencyKey,
        { person, dryRun },
        async () => {
          const refs = await this.vault.findCustomers(tx, person);
          if (refs.length === 0) throw new UnknownCustomer();
          if (dryRun) {
            const complaints = await this.vault.countContacts(tx, refs);
            return { status: 200, body: { customerRefs: refs, complaints, dryRun } };
          }
          const erased = await this.vault.erase(tx, refs);
          if (erased.customerRefs.length === 0) throw new UnknownCustomer();
          erasedNow = erased;
          return { status: 200, body: { ...erased, dryRun } };
        },
      ),
    );
    // Audited once, when committed, by customerRef only; a replayed answer erased nothing. The
    // lines also serve to erase again after a database is restored from a backup.
    if (erasedNow) {
      this.audit.log({
        msg: 'customer erased',
        customerRefs: erasedNow.customerRefs,
        complaints: erasedNow.complaints,
        by: actor.id,
      });
    }
    return result.body;
  }
}
