import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Clock, WorkClock } from '@redress/business-time';
import { DuplicateComplaintLinked } from '@redress/contracts';
import type { Sql, Statement } from '@redress/event-store';
import { acknowledgeBy } from '../../domain/acknowledgement.policy';
import { findOpenDuplicate, subjectKey } from '../../domain/duplicate.policy';
import { maskPersonalData } from '../../domain/masking';
import type { RegisterComplaintDto } from '../../http/complaint.dto';
import { ComplaintStream, type CommandContext } from '../complaint-stream';
import { AccessCodes } from '../access-codes/access-codes';
import { IdempotentCommands, type CommandResult, type StoredAnswer } from '../idempotent-commands';
import { ComplaintAccess } from '../query-complaints/complaint-access';
import { customerRef } from '../personal-data/customer-ref';
import { personalDataOf } from '../personal-data/masked-customer';
import { PersonalDataVault } from '../personal-data/personal-data.vault';
import { IntakeSettings } from '../intake-settings';
import { newTrackingNo } from '../tracking';
import { registrationOf } from './registration';
import { INTAKE_CALENDAR, INTAKE_CLOCK } from '../tokens';

/** 201: a new complaint. The access code is given once, to the customer (see AccessCodes). */
export interface NewComplaintReceipt {
  complaintId: string;
  trackingNo: string;
  status: string;
  registeredAt: string;
  acknowledgeBy: string;
  /** With the tracking number it opens the public status page. */
  accessCode: string;
}

/** 200: the submission joined an open complaint of the same customer and subject. */
export interface LinkedReceipt {
  linked: true;
  submissionId: string;
  receivedAt: string;
}

/** …and that complaint is in the caller's scope (or was received by its department). */
export interface LinkedInScopeReceipt extends LinkedReceipt {
  complaintId: string;
  trackingNo: string;
  status: string;
  registeredAt: string;
  acknowledgeBy: string;
  linkedTo: string;
}

export type RegistrationReceipt = NewComplaintReceipt | LinkedReceipt | LinkedInScopeReceipt;

/** A receipt as kept for Idempotency-Key retries: the access code sealed, never in clear. */
type StoredReceipt =
  | (Omit<NewComplaintReceipt, 'accessCode'> & { sealedAccessCode: string })
  | LinkedReceipt
  | LinkedInScopeReceipt;

/**
 * Registers a complaint from any channel. Personal data is split off first: it is encrypted
 * into the vault, and everything that goes into events is masked and keyed by `customerRef`.
 */
@Injectable()
export class RegisterComplaint {
  private readonly receipts: StoredAnswer<RegistrationReceipt, StoredReceipt>;

  constructor(
    private readonly stream: ComplaintStream,
    private readonly vault: PersonalDataVault,
    private readonly idempotent: IdempotentCommands,
    private readonly settings: IntakeSettings,
    private readonly accessCodes: AccessCodes,
    private readonly access: ComplaintAccess,
    @Inject(INTAKE_CLOCK) private readonly clock: Clock,
    @Inject(INTAKE_CALENDAR) private readonly calendar: WorkClock,
  ) {
    // A retry after a lost answer gets the first answer, code included: the customer would
    // otherwise never learn it. It is kept sealed, as long as the answer is (IDEMPOTENCY_KEY_…).
    this.receipts = {
      store: (receipt) => {
        if (!('accessCode' in receipt)) return receipt;
        const { accessCode, ...rest } = receipt;
        return { ...rest, sealedAccessCode: this.accessCodes.seal(accessCode) };
      },
      restore: (stored) => {
        if (!('sealedAccessCode' in stored)) return stored;
        const { sealedAccessCode, ...rest } = stored;
        return { ...rest, accessCode: this.accessCodes.unseal(sealedAccessCode) };
      },
    };
  }

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
    // duplicate check. Registrations arriving together share one transaction (group commit):
    // the group takes its customers' locks with BEGIN, and each registration's read goes with
    // its savepoint; two of one customer never share a group.
    return this.stream.withGroupRetry(
      (tx, opened) =>
        this.idempotent.run(
          tx,
          `register:${context.actor.id}`,
          idempotencyKey,
          dto,
          () => this.register(tx, dto, ref, context, (opened?.rows ?? []) as OpenComplaintRow[]),
          this.receipts,
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
    // One object for the customer throughout: the masking compiles a person's patterns once per
    // object (masking.ts), and the vault stores the same contacts.
    const person = personalDataOf(dto.customer);

    const duplicate = this.openDuplicate(openComplaints, dto, now);
    if (duplicate) {
      // A linked submission's words leave intake masked, like a registration's (registration.ts).
      const description = maskPersonalData(dto.description, [person]);
      const submissionId = randomUUID();
      const receivedAt = now.toISOString();
      const decided = await this.stream.execute(
        tx,
        duplicate.complaint_id,
        {
          type: 'LinkDuplicateComplaint',
          link: DuplicateComplaintLinked.complete({
            complaintId: duplicate.complaint_id,
            submissionId,
            channel: dto.channel,
            receivedAt,
            customerRef: ref,
            description,
            flags: dto.flags,
            complainantCount: dto.complainantCount,
          }),
        },
        context,
      );
      await this.vault.store(tx, submissionId, ref, person);
      const linked: LinkedReceipt = { linked: true, submissionId, receivedAt };
      // The same customer may have complained to another department: the submission still
      // joins that complaint, but the caller learns nothing of a complaint outside its scope.
      const visibility = this.access.visibility(context.actor, {
        receivingDepartment: duplicate.receiving_department ?? undefined,
        routedDepartment: duplicate.routed_department ?? undefined,
      });
      if (visibility === 'none') return { status: 200, body: linked };
      return {
        status: 200,
        body: {
          ...linked,
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
    const accessCode = this.accessCodes.issue();
    const registration = registrationOf(
      dto,
      {
        complaintId,
        trackingNo: newTrackingNo(now),
        customerRef: ref,
        registeredAt: now,
        receivedAt: now,
        imported: false,
        receivingDepartment: context.actor.department,
      },
      person,
    );
    const vault = this.vault.plan(complaintId, ref, person);
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
      // The contacts go in the events' round-trip.
      {
        accessCodeMac: this.accessCodes.mac(accessCode),
        newStream: true,
        alongside: [vault.statement],
      },
    );
    await vault.finish(tx, decided.alongside[0] as { rows: unknown[] });
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

  private openDuplicate(
    rows: OpenComplaintRow[],
    dto: RegisterComplaintDto,
    now: Date,
  ): OpenComplaintRow | undefined {
    const window = this.settings.duplicatePolicy;
    if (window.windowHours <= 0) return undefined;
    const id = findOpenDuplicate(
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
    return rows.find((r) => r.complaint_id === id);
  }
}

interface OpenComplaintRow {
  complaint_id: string;
  status: string;
  subject_key: string | null;
  registered_at: Date;
  receiving_department: string | null;
  routed_department: string | null;
}

/**
 * The customer's open complaints registered since `since` (index complaints_open_by_customer_idx),
 * imported ones left out: a complaint of the company's history opens no case, so a live
 * submission joined to it would never be handled (issue 14).
 * with the departments that decide whether the caller may see the one a submission joins.
 */
function openComplaints(ref: string, since: Date): Statement {
  return {
    text: `SELECT c.complaint_id, c.status, c.subject_key, c.registered_at, c.receiving_department,
                  r.department AS routed_department
             FROM intake.complaints c
             LEFT JOIN intake.complaint_routes r ON r.complaint_id = c.complaint_id
            WHERE c.customer_ref = $1 AND c.status = 'registered'
              AND NOT c.imported AND c.registered_at >= $2::timestamptz`,
    values: [ref, since],
  };
}
