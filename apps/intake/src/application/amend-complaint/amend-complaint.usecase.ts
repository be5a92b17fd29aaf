import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@redress/business-time';
import { DomainError, FLAG_NAMES, type ComplaintAmendedData, type Flags } from '@redress/contracts';
import type { Sql } from '@redress/event-store';
import { toInstant } from '@redress/platform';
import { withAddedAttachments } from '../../domain/attachment.policy';
import { ComplaintNotFound } from '../../domain/errors';
import { maskAttachments, maskSubject } from '../../domain/free-text.policy';
import { maskPersonalData, type KnownPerson } from '../../domain/masking';
import type { AmendComplaintDto } from '../../http/complaint.dto';
import { ComplaintStream, type CommandContext } from '../complaint-stream';
import { IdempotentCommands, type CommandResult } from '../idempotent-commands';
import { maskCustomer } from '../personal-data/masked-customer';
import { PersonalDataVault, type PersonalData } from '../personal-data/personal-data.vault';
import { ComplaintAccess } from '../query-complaints/complaint-access';
import { INTAKE_CLOCK } from '../tokens';
import type { ComplaintView } from '../query-complaints/complaint-view';

export class CustomerErased extends DomainError {
  readonly kind = 'invalid_state';
  constructor() {
    super("the customer's personal data was erased; contacts can no longer be changed", {
      currentStatus: 'customer_erased',
    });
  }
}

/**
 * Amends an open complaint. Text, the reason included, is masked like at registration; changed
 * contacts are re-encrypted in the vault and only their masked form enters the event.
 */
@Injectable()
export class AmendComplaint {
  constructor(
    private readonly stream: ComplaintStream,
    private readonly vault: PersonalDataVault,
    private readonly idempotent: IdempotentCommands,
    private readonly access: ComplaintAccess,
    @Inject(INTAKE_CLOCK) private readonly clock: Clock,
  ) {}

  execute(
    complaintId: string,
    dto: AmendComplaintDto,
    context: CommandContext,
    idempotencyKey?: string,
  ): Promise<CommandResult<ComplaintView>> {
    return this.stream.withRetry((tx) =>
      this.idempotent.run(tx, `amend:${complaintId}:${context.actor.id}`, idempotencyKey, dto, () =>
        this.amend(tx, complaintId, dto, context),
      ),
    );
  }

  private async amend(
    tx: Sql,
    complaintId: string,
    dto: AmendComplaintDto,
    context: CommandContext,
  ): Promise<CommandResult<ComplaintView>> {
    const { state } = await this.stream.load(tx, complaintId);
    if (state.status === 'none') throw new ComplaintNotFound(complaintId);
    const route = await this.access.assertMayAct(tx, context.actor, state);

    const ref = state.customer.customerRef;
    // A contact change waits for an erasure of the same customer in progress (the lock erasure
    // takes), so it can never give an erased customer their data back.
    if (dto.customer !== undefined) await this.vault.lockCustomers(tx, [ref]);
    const stored = await this.vault.read(tx, complaintId);
    const contact: PersonalData | null = 'erased' in stored ? null : stored;

    let newContact: PersonalData | undefined;
    if (dto.customer !== undefined) {
      if (!contact) throw new CustomerErased();
      newContact = {
        ...contact,
        ...(dto.customer.name !== undefined ? { name: dto.customer.name } : {}),
        ...(dto.customer.phone !== undefined ? { phone: dto.customer.phone } : {}),
        ...(dto.customer.email !== undefined ? { email: dto.customer.email } : {}),
      };
    }
    // The text may name the customer by their old contacts or by the new ones.
    const people: KnownPerson[] = [contact, newContact].filter(
      (p) => p !== null && p !== undefined,
    );

    // Undefined members are what the request left out: the decider keeps only real changes and
    // the event never carries them.
    const changes: ComplaintAmendedData['changes'] = {
      title: dto.title === undefined ? undefined : maskPersonalData(dto.title, people),
      description:
        dto.description === undefined ? undefined : maskPersonalData(dto.description, people),
      subject: dto.subject === undefined ? undefined : maskSubject(dto.subject, people),
      desiredRemedies: dto.desiredRemedies,
      occurredAt: dto.occurredAt === undefined ? undefined : toInstant(dto.occurredAt),
      region: dto.region === undefined ? undefined : maskPersonalData(dto.region, people),
      language: dto.language,
      complainantCount: dto.complainantCount,
      flags: dto.flags === undefined ? undefined : withFlagsSet(state.flags, dto.flags),
      attachments:
        dto.attachments === undefined
          ? undefined
          : withAddedAttachments(state.attachments, maskAttachments(dto.attachments, people)),
      customer: newContact
        ? maskCustomer(ref, newContact, dto.customer?.tier ?? state.customer.tier)
        : undefined,
    };

    const decided = await this.stream.execute(
      tx,
      complaintId,
      {
        type: 'AmendComplaint',
        complaintId,
        at: this.clock.now().toISOString(),
        changes,
        ...(dto.reason !== undefined ? { reason: maskPersonalData(dto.reason, people) } : {}),
      },
      context,
    );
    if (newContact) await this.vault.store(tx, complaintId, ref, newContact);
    return { status: 200, body: this.access.view(decided.state, decided.version, route) };
  }
}

/** An amendment sets the flags it names; the others keep their current value. */
function withFlagsSet(current: Flags, given: Partial<Record<keyof Flags, boolean>>): Flags {
  const flags = { ...current };
  for (const flag of FLAG_NAMES) {
    const value = given[flag];
    if (value !== undefined) flags[flag] = value;
  }
  return flags;
}
