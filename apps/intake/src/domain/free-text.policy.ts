import { InvalidInput, type ComplaintRegisteredData } from '@redress/contracts';
import { maskPersonalData, mentionsKnownPerson, type KnownPerson } from './masking';

/**
 * Which fields of a complaint are free text, masked like the description before they leave
 * intake (issue 10): title, description, amendment and withdrawal reasons, attachment names, the
 * subject's purchase channel and the region. The subject's identifiers (SKU, model, batch, order,
 * staff id) stay as given: they must match the enterprise's records, and are not a place for
 * contacts. Attachment links cannot be masked without breaking them, so a link that names the
 * customer is refused.
 */
type Subject = ComplaintRegisteredData['subject'];
type Attachment = ComplaintRegisteredData['attachments'][number];

export function maskSubject(subject: Subject, people: readonly KnownPerson[]): Subject {
  if (subject.purchaseChannel === undefined) return { ...subject };
  return { ...subject, purchaseChannel: maskPersonalData(subject.purchaseChannel, people) };
}

/** `field`: where the attachments are in the request, for the problem's field path. */
export function maskAttachments(
  attachments: readonly Attachment[],
  people: readonly KnownPerson[],
  field = 'attachments',
): Attachment[] {
  return attachments.map((attachment, index) => {
    if (mentionsKnownPerson(attachment.url, people)) {
      throw new InvalidInput(
        `${field}.${index}.url`,
        "must not contain the customer's name, phone, e-mail or customer id: give a link without personal data",
      );
    }
    return {
      name: maskPersonalData(attachment.name, people),
      sha256: attachment.sha256.toLowerCase(),
      url: attachment.url,
    };
  });
}
