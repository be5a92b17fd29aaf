import { Type } from '@sinclair/typebox';
import { TOPICS } from './topics';
import { defineEvent, type EventData, type EventOf } from './registry';
import {
  ChannelSchema,
  CustomerTierSchema,
  DefaultedFlagsSchema,
  FlagsSchema,
  RemedySchema,
  SubjectTypeSchema,
} from './vocabulary';

/**
 * Events of `complaints.intake.v1`. None carries personal data: the customer appears as
 * `customerRef` (a keyed hash, stable per customer) and masked contacts; contact details found
 * in free text are masked before they are written (CONTRACT.md "Personal data never leaves
 * intake in the clear").
 */
const IsoTime = Type.String({ format: 'date-time' });
const Id = Type.String({ format: 'uuid' });
/** One complainant unless the complaint is collective (DOMAIN §2). */
const ComplainantCount = Type.Integer({ minimum: 1, default: 1 });

export const MaskedCustomerSchema = Type.Object(
  {
    customerRef: Type.String({ pattern: '^cus_[0-9a-z]{26}$' }),
    maskedName: Type.Optional(Type.String()),
    maskedPhone: Type.Optional(Type.String()),
    maskedEmail: Type.Optional(Type.String()),
    tier: Type.Optional(CustomerTierSchema),
  },
  { additionalProperties: false },
);

export const ComplaintSubjectSchema = Type.Object(
  {
    type: SubjectTypeSchema,
    productSku: Type.Optional(Type.String()),
    productModel: Type.Optional(Type.String()),
    batchNo: Type.Optional(Type.String()),
    orderId: Type.Optional(Type.String()),
    purchaseChannel: Type.Optional(Type.String()),
    purchasedAt: Type.Optional(Type.String()),
    staffId: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const AttachmentSchema = Type.Object(
  { name: Type.String(), sha256: Type.String({ format: 'sha256' }), url: Type.String() },
  { additionalProperties: false },
);

/**
 * A complaint is registered (DOMAIN §1). Version 2 (CONTRACT changes of 2026-12-04) adds
 * `receivedAt`, when the company received it — `registeredAt` for a live registration, the
 * source's time for one brought in by an import — and `imported`. Version 1 events, recorded
 * before, are read as version 2 by the upcaster: received when registered, not imported.
 */
export const ComplaintRegistered = defineEvent({
  type: 'ComplaintRegistered',
  topic: TOPICS.intake,
  schemaVersion: 2,
  upcasters: {
    1: (data) => {
      const v1 = data as { registeredAt?: unknown };
      return { ...v1, receivedAt: v1.registeredAt, imported: false };
    },
  },
  schema: Type.Object(
    {
      complaintId: Id,
      trackingNo: Type.String(),
      channel: ChannelSchema,
      registeredAt: IsoTime,
      receivedAt: IsoTime,
      imported: Type.Boolean({ default: false }),
      customer: MaskedCustomerSchema,
      subject: ComplaintSubjectSchema,
      title: Type.Optional(Type.String()),
      description: Type.String(),
      desiredRemedies: Type.Array(RemedySchema, { default: [] }),
      occurredAt: Type.Optional(IsoTime),
      region: Type.Optional(Type.String()),
      language: Type.Optional(Type.String()),
      complainantCount: ComplainantCount,
      flags: DefaultedFlagsSchema,
      attachments: Type.Array(AttachmentSchema, { default: [] }),
      /** The department of the person who registered it (the receiving department, DOMAIN §1). */
      receivingDepartment: Type.Optional(Type.String()),
    },
    { additionalProperties: false },
  ),
});

export const ComplaintAcknowledged = defineEvent({
  type: 'ComplaintAcknowledged',
  topic: TOPICS.intake,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      trackingNo: Type.String(),
      acknowledgedAt: IsoTime,
      /** DOMAIN §1: registration is complete within one business day. */
      acknowledgeBy: IsoTime,
      calendar: Type.Union([Type.Literal('business'), Type.Literal('24/7')]),
    },
    { additionalProperties: false },
  ),
});

/** The fields an amendment may change; only those present changed. */
export const AmendmentChangesSchema = Type.Object(
  {
    title: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    subject: Type.Optional(ComplaintSubjectSchema),
    desiredRemedies: Type.Optional(Type.Array(RemedySchema)),
    occurredAt: Type.Optional(IsoTime),
    region: Type.Optional(Type.String()),
    language: Type.Optional(Type.String()),
    complainantCount: Type.Optional(Type.Integer({ minimum: 1 })),
    flags: Type.Optional(FlagsSchema),
    attachments: Type.Optional(Type.Array(AttachmentSchema)),
    customer: Type.Optional(MaskedCustomerSchema),
  },
  { additionalProperties: false },
);

export const ComplaintAmended = defineEvent({
  type: 'ComplaintAmended',
  topic: TOPICS.intake,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      amendedAt: IsoTime,
      changes: AmendmentChangesSchema,
      changedFields: Type.Array(Type.String()),
      reason: Type.Optional(Type.String()),
    },
    { additionalProperties: false },
  ),
});

export const ComplaintWithdrawn = defineEvent({
  type: 'ComplaintWithdrawn',
  topic: TOPICS.intake,
  schemaVersion: 1,
  schema: Type.Object(
    { complaintId: Id, withdrawnAt: IsoTime, reason: Type.Optional(Type.String()) },
    { additionalProperties: false },
  ),
});

/**
 * The same customer complained again about the same subject while the first complaint was open:
 * the new submission is linked to it (on the open complaint's stream) instead of opening a case.
 */
export const DuplicateComplaintLinked = defineEvent({
  type: 'DuplicateComplaintLinked',
  topic: TOPICS.intake,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      submissionId: Id,
      channel: ChannelSchema,
      receivedAt: IsoTime,
      customerRef: Type.String(),
      description: Type.String(),
      flags: DefaultedFlagsSchema,
      complainantCount: ComplainantCount,
    },
    { additionalProperties: false },
  ),
});

export const INTAKE_EVENTS = [
  ComplaintRegistered,
  ComplaintAcknowledged,
  ComplaintAmended,
  ComplaintWithdrawn,
  DuplicateComplaintLinked,
] as const;

export type ComplaintRegisteredData = EventData<typeof ComplaintRegistered>;
export type ComplaintAcknowledgedData = EventData<typeof ComplaintAcknowledged>;
export type ComplaintAmendedData = EventData<typeof ComplaintAmended>;
export type ComplaintWithdrawnData = EventData<typeof ComplaintWithdrawn>;
export type DuplicateComplaintLinkedData = EventData<typeof DuplicateComplaintLinked>;

export type IntakeEvent = EventOf<(typeof INTAKE_EVENTS)[number]>;
