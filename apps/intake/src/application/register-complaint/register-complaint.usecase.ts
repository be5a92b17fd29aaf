import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Clock, WorkClock } from '@redress/business-time';
import { NO_FLAGS, type ComplaintRegisteredData } from '@redress/contracts';
import type { Sql, Statement } from '@redress/event-store';
import { acknowledgeBy } from '../../domain/acknowledgement.policy';
import { findOpenDuplicate, subjectKey } from '../../domain/duplicate.policy';
import { maskAttachments, maskSubject } from '../../domain/free-text.policy';
import { maskPersonalData } from '../../domain/masking';
import type { RegisterComplaintDto } from '../../http/complaint.dto';
import { ComplaintStream, type CommandContext } from '../complaint-stream';
import { IdempotentCommands, type CommandResult } from '../idempotent-commands';
import { customerRef } from '../personal-data/customer-ref';
import { maskCustomer, personalDataOf } from '../personal-data/masked-customer';
import { PersonalDataVault } from '../personal-data/personal-data.vault';
import { IntakeSettings } from '../intake-settings';
import { newAccessCode, newTrackingNo, hashAccessCode } from '../tracking';
import { INTAKE_CALENDAR, INTAKE_CLOCK } from '../tokens';

export interface RegistrationReceipt {
  complaintId: string;
  trackingNo: string;
  status: string;
  registeredAt: string;
  acknowledgeBy: string;
  /** Given once, to the customer: with the tracking number it opens the public status page. */
  accessCode?: string;
  /** Set when the submission joined an open complaint of the same customer and subject. */
  linkedTo?: string;
}

/**
 * Registers a complaint from any channel. Personal data is split off first: it is encrypted
 * into the vault, and everything that goes into events is masked and keyed by `customerRef`.
 */
@Injectable()
export class RegisterComplaint {
  constructor(
    private readonly stream: ComplaintStream,
    private readonly vault: PersonalDataVault,
    private readonly idempotent: IdempotentCommands,
    private readonly settings: IntakeSettings,
    @Inject(INTAKE_CLOCK) private readonly clock: Clock,
    @Inject(INTAKE_CALENDAR) private readonly calendar: WorkClock,
  ) {}

  execute(
    dto: RegisterComplaintDto,
    context: CommandContext,
    idempotencyKey?: string,
  ): Promise<CommandResult<RegistrationReceipt>> {
    const ref = customerRef(this.settings.customerRefKey, dto.customer);
    const window = this.settings.duplicatePolicy;
    // One registration per customer at a time, so two submissions of the same complaint
    // arriving together cannot both open a case: the transaction starts by taking the
    // customer's advisory lock and, after it, reading the customer's open complaints for the
    // duplicate check, both in BEGIN's round-trip.
    return this.stream.withRetry(
      (tx, opened) =>
        this.idempotent.run(tx, `register:${context.actor.id}`, idempotencyKey, dto, () =>
          this.register(tx, dto, ref, context, (opened?.rows ?? []) as OpenComplaintRow[]),
        ),
      {
        lockKey: ref,
        ...(window.windowHours > 0 ? { opening: openComplaints(ref, this.windowStart()) } : {}),
      },
    );
  }

  private async register(
    tx: Sql,
    dto: RegisterComplaintDto,
    ref: string,
    context: CommandContext,
    openComplaints: OpenComplaintRow[],
  ): Promise<CommandResult<RegistrationReceipt>> {
    const now = this.clock.now();
    // Everything typed about the customer leaves intake masked (domain/free-text.policy.ts).
    const person = [personalDataOf(dto.customer)];
    const description = maskPersonalData(dto.description, person);
    const flags = { ...NO_FLAGS, ...dto.flags };
    const complainantCount = dto.complainantCount ?? 1;

    const duplicateOf = this.openDuplicate(openComplaints, dto, now);
    if (duplicateOf) {
      const submissionId = randomUUID();
      const decided = await this.stream.execute(
        tx,
        duplicateOf,
        {
          type: 'LinkDuplicateComplaint',
          link: {
            complaintId: duplicateOf,
            submissionId,
            channel: dto.channel,
            receivedAt: now.toISOString(),
            customerRef: ref,
            description,
            flags,
            complainantCount,
          },
        },
        context,
      );
      await this.vault.store(tx, submissionId, ref, personalDataOf(dto.customer));
      return {
        status: 200,
        body: {
          complaintId: decided.state.complaintId,
          trackingNo: decided.state.trackingNo,
          status: decided.state.status,
          registeredAt: decided.state.registeredAt,
          acknowledgeBy: decided.state.acknowledgeBy,
          linkedTo: decided.state.complaintId,
        },
      };
    }

    const complaintId = randomUUID();
    const accessCode = newAccessCode();
    const registration: ComplaintRegisteredData = {
      complaintId,
      trackingNo: newTrackingNo(now),
      channel: dto.channel,
      registeredAt: now.toISOString(),
      customer: maskCustomer(ref, personalDataOf(dto.customer), dto.customer.tier),
      subject: maskSubject(dto.subject, person),
      ...(dto.title !== undefined ? { title: maskPersonalData(dto.title, person) } : {}),
      description,
      desiredRemedies: dto.desiredRemedies ?? [],
      ...(dto.occurredAt !== undefined
        ? { occurredAt: new Date(dto.occurredAt).toISOString() }
        : {}),
      ...(dto.region !== undefined ? { region: maskPersonalData(dto.region, person) } : {}),
      ...(dto.language !== undefined ? { language: dto.language } : {}),
      complainantCount,
      flags,
      attachments: maskAttachments(dto.attachments ?? [], person),
      ...(context.actor.department !== undefined
        ? { receivingDepartment: context.actor.department }
        : {}),
    };
    const decided = await this.stream.execute(
      tx,
      complaintId,
      {
        type: 'RegisterComplaint',
        registration,
        acknowledgeBy: acknowledgeBy(now, this.calendar).toISOString(),
        calendar: this.calendar.kind,
      },
      context,
      { accessCodeHash: hashAccessCode(accessCode), newStream: true },
    );
    await this.vault.store(tx, complaintId, ref, personalDataOf(dto.customer));
    return {
      status: 201,
      body: {
        complaintId,
        trackingNo: registration.trackingNo,
        status: decided.state.status,
        registeredAt: registration.registeredAt,
        acknowledgeBy: decided.state.acknowledgeBy,
        accessCode,
      },
    };
  }

  /** The oldest registration an open duplicate may have, now. */
  private windowStart(): Date {
    const hours = this.settings.duplicatePolicy.windowHours;
    return new Date(this.clock.now().getTime() - hours * 3_600_000);
  }

  private openDuplicate(rows: OpenComplaintRow[], dto: RegisterComplaintDto, now: Date) {
    const window = this.settings.duplicatePolicy;
    if (window.windowHours <= 0) return undefined;
    return findOpenDuplicate(
      rows.map((r) => ({
        complaintId: r.complaint_id,
        status: r.status,
        subjectKey: r.subject_key,
        registeredAt: new Date(r.registered_at),
      })),
      subjectKey(dto.subject),
      now,
      window,
    );
  }
}

interface OpenComplaintRow {
  complaint_id: string;
  status: string;
  subject_key: string | null;
  registered_at: Date;
}

/** The customer's open complaints registered since `since` (index complaints_open_by_customer_idx). */
function openComplaints(ref: string, since: Date): Statement {
  return {
    text: `SELECT complaint_id, status, subject_key, registered_at FROM intake.complaints
            WHERE customer_ref = $1 AND status = 'registered' AND registered_at >= $2::timestamptz`,
    values: [ref, since],
  };
}
