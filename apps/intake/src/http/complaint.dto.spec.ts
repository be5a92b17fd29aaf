import {
  ComplaintAmended,
  ComplaintRegistered,
  ComplaintWithdrawn,
  DuplicateComplaintLinked,
} from '@redress/contracts';
import { dtoSchema } from '@redress/platform';
import { schemaGaps, type ComparedSchema } from '@redress/testing';
import { AmendComplaintDto, RegisterComplaintDto, WithdrawComplaintDto } from './complaint.dto';

/**
 * What a DTO accepts, the event it becomes accepts (issue 10): each command's DTO walked against
 * its event's schema. A gap here is a request that would pass validation and then fail to be
 * written, a 500. The mappings say how the use cases carry each field.
 */
const schema = (s: unknown) => s as ComparedSchema;

/** Contacts never enter an event: they are masked (or, the external id, kept in the vault). */
const MASKED_CONTACTS = {
  'customer.name': 'customer.maskedName',
  'customer.phone': 'customer.maskedPhone',
  'customer.email': 'customer.maskedEmail',
  'customer.externalId': null,
} as const;

describe('intake DTOs against the events they become', () => {
  it('RegisterComplaintDto → ComplaintRegistered', () => {
    expect(
      schemaGaps(schema(dtoSchema(RegisterComplaintDto)), schema(ComplaintRegistered.schema), {
        supplied: [
          'complaintId',
          'trackingNo',
          'registeredAt',
          'receivedAt',
          'customer.customerRef',
        ],
        transformed: {
          ...MASKED_CONTACTS,
          // toInstant: a date or date-time becomes the UTC date-time the event holds.
          occurredAt: 'occurredAt',
          // Lower-cased; the event's sha256 format is the DTO's pattern, in any case.
          'attachments[].sha256': 'attachments[].sha256',
        },
      }),
    ).toEqual([]);
  });

  it('RegisterComplaintDto → DuplicateComplaintLinked (a second submission of an open complaint)', () => {
    const notCarried = Object.fromEntries(
      [
        'customer',
        'subject',
        'title',
        'desiredRemedies',
        'occurredAt',
        'region',
        'language',
        'attachments',
      ].map((field) => [field, null]),
    );
    expect(
      schemaGaps(schema(dtoSchema(RegisterComplaintDto)), schema(DuplicateComplaintLinked.schema), {
        supplied: ['complaintId', 'submissionId', 'receivedAt', 'customerRef'],
        transformed: notCarried,
      }),
    ).toEqual([]);
  });

  it('AmendComplaintDto → ComplaintAmended', () => {
    expect(
      schemaGaps(schema(dtoSchema(AmendComplaintDto)), schema(ComplaintAmended.schema), {
        root: 'changes',
        supplied: ['complaintId', 'amendedAt', 'changedFields', 'changes.customer.customerRef'],
        renamed: { reason: 'reason' },
        transformed: {
          'customer.name': 'changes.customer.maskedName',
          'customer.phone': 'changes.customer.maskedPhone',
          'customer.email': 'changes.customer.maskedEmail',
          occurredAt: 'changes.occurredAt',
          // Added to those already held, lower-cased, at most MAX_ATTACHMENTS in all.
          attachments: 'changes.attachments',
        },
        merged: {
          // The masked customer keeps its reference; a tier left out keeps the current one.
          'customer.tier': 'changes.customer.tier',
        },
      }),
    ).toEqual([]);
  });

  it('WithdrawComplaintDto → ComplaintWithdrawn', () => {
    expect(
      schemaGaps(schema(dtoSchema(WithdrawComplaintDto)), schema(ComplaintWithdrawn.schema), {
        supplied: ['complaintId', 'withdrawnAt'],
      }),
    ).toEqual([]);
  });

  it('finds the gap issue 10 reported: flags the DTO lets be left out, without defaults', () => {
    const { default: _default, ...flagsWithoutDefault } =
      ComplaintRegistered.schema.properties.flags;
    const withoutDefaults = {
      ...ComplaintRegistered.schema,
      properties: {
        ...ComplaintRegistered.schema.properties,
        flags: {
          ...flagsWithoutDefault,
          properties: Object.fromEntries(
            Object.entries(flagsWithoutDefault.properties).map(([name, s]) => [
              name,
              { ...s, default: undefined },
            ]),
          ),
        },
      },
    };
    const gaps = schemaGaps(schema(dtoSchema(RegisterComplaintDto)), schema(withoutDefaults), {
      supplied: ['complaintId', 'trackingNo', 'registeredAt', 'customer.customerRef'],
      transformed: { ...MASKED_CONTACTS, occurredAt: 'occurredAt', 'attachments[].sha256': 'x' },
    });
    expect(gaps).toContain(
      'flags.safetyIncident: the DTO lets it be left out; the event requires flags.safetyIncident and has no default',
    );
  });
});
