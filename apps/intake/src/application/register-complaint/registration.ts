import { ComplaintRegistered, type ComplaintRegisteredData } from '@redress/contracts';
import { toInstant } from '@redress/platform';
import { withAddedAttachments } from '../../domain/attachment.policy';
import { maskAttachments, maskSubject } from '../../domain/free-text.policy';
import { maskPersonalData } from '../../domain/masking';
import type { RegisterComplaintDto } from '../../http/complaint.dto';
import { maskCustomer, personalDataOf } from '../personal-data/masked-customer';
import type { PersonalData } from '../personal-data/personal-data.vault';

/** What a registration knows beside the customer's words: ids, times, where it came from. */
export interface RegistrationFacts {
  complaintId: string;
  trackingNo: string;
  customerRef: string;
  registeredAt: Date;
  /** When the company received it: `registeredAt` live, the source's time for an import. */
  receivedAt: Date;
  imported: boolean;
  receivingDepartment: string | undefined;
}

/**
 * The `ComplaintRegistered` of a validated request, the same for `POST /complaints` and an
 * import's rows: everything typed about the customer leaves intake masked
 * (domain/free-text.policy.ts), and left-out fields get the event schema's defaults (no
 * remedies, one complainant, no flag raised, no attachment): the schema is the one place that
 * decides them. `contact`: the customer's personal data (`personalDataOf(dto.customer)`), given
 * when the caller holds it already, so the customer's patterns are compiled once.
 */
export function registrationOf(
  dto: RegisterComplaintDto,
  facts: RegistrationFacts,
  contact: PersonalData = personalDataOf(dto.customer),
): ComplaintRegisteredData {
  const person = [contact];
  const masked = (text: string | undefined) =>
    text === undefined ? undefined : maskPersonalData(text, person);
  return ComplaintRegistered.complete({
    complaintId: facts.complaintId,
    trackingNo: facts.trackingNo,
    channel: dto.channel,
    registeredAt: facts.registeredAt.toISOString(),
    receivedAt: facts.receivedAt.toISOString(),
    imported: facts.imported,
    customer: maskCustomer(facts.customerRef, contact, dto.customer.tier),
    subject: maskSubject(dto.subject, person),
    title: masked(dto.title),
    description: maskPersonalData(dto.description, person),
    desiredRemedies: dto.desiredRemedies,
    occurredAt: dto.occurredAt === undefined ? undefined : toInstant(dto.occurredAt),
    region: masked(dto.region),
    language: dto.language,
    complainantCount: dto.complainantCount,
    flags: dto.flags,
    attachments:
      dto.attachments && withAddedAttachments([], maskAttachments(dto.attachments, person)),
    receivingDepartment: facts.receivingDepartment,
  });
}
