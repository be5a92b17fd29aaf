import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@redress/business-time';
import { DomainError, NO_FLAGS, type ComplaintAmendedData } from '@redress/contracts';
import type { Sql } from '@redress/event-store';
import { ComplaintNotFound } from '../../domain/errors';
import { maskContactsInText } from '../../domain/masking';
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
 * Amends an open complaint. Text is masked like at registration; changed contacts are
 * re-encrypted in the vault and only their masked form enters the event.
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

    const needsContact =
      dto.customer !== undefined || dto.description !== undefined || dto.title !== undefined;
    const stored = needsContact ? await this.vault.read(tx, complaintId) : null;
    const contact: PersonalData | null = stored && !('erased' in stored) ? stored : null;
    const names = contact ? [contact.name] : [];

    const changes: ComplaintAmendedData['changes'] = {
      ...(dto.title !== undefined ? { title: maskContactsInText(dto.title, names) } : {}),
      ...(dto.description !== undefined
        ? { description: maskContactsInText(dto.description, names) }
        : {}),
      ...(dto.subject !== undefined ? { subject: { ...dto.subject } } : {}),
      ...(dto.desiredRemedies !== undefined ? { desiredRemedies: dto.desiredRemedies } : {}),
      ...(dto.occurredAt !== undefined
        ? { occurredAt: new Date(dto.occurredAt).toISOString() }
        : {}),
      ...(dto.region !== undefined ? { region: dto.region } : {}),
      ...(dto.language !== undefined ? { language: dto.language } : {}),
      ...(dto.complainantCount !== undefined ? { complainantCount: dto.complainantCount } : {}),
      ...(dto.flags !== undefined ? { flags: { ...NO_FLAGS, ...state.flags, ...dto.flags } } : {}),
      ...(dto.attachments !== undefined
        ? {
            attachments: [
              ...state.attachments,
              ...dto.attachments
                .map((a) => ({ ...a, sha256: a.sha256.toLowerCase() }))
                .filter((a) => !state.attachments.some((b) => b.sha256 === a.sha256)),
            ],
          }
        : {}),
    };

    let newContact: PersonalData | undefined;
    if (dto.customer !== undefined) {
      if (!contact) throw new CustomerErased();
      newContact = {
        ...contact,
        ...(dto.customer.name !== undefined ? { name: dto.customer.name } : {}),
        ...(dto.customer.phone !== undefined ? { phone: dto.customer.phone } : {}),
        ...(dto.customer.email !== undefined ? { email: dto.customer.email } : {}),
      };
      const ref = state.customer.customerRef;
      changes.customer = maskCustomer(ref, newContact, dto.customer.tier ?? state.customer.tier);
    }

    const decided = await this.stream.execute(
      tx,
      complaintId,
      {
        type: 'AmendComplaint',
        complaintId,
        at: this.clock.now().toISOString(),
        changes,
        ...(dto.reason !== undefined ? { reason: dto.reason } : {}),
      },
      context,
    );
    if (newContact) {
      await this.vault.store(tx, complaintId, state.customer.customerRef, newContact);
    }
    return { status: 200, body: this.access.view(decided.state, decided.version, route) };
  }
}
