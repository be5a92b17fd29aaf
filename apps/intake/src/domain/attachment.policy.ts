import type { ComplaintRegisteredData } from '@redress/contracts';
import { DomainError } from '@redress/contracts';

type Attachment = ComplaintRegisteredData['attachments'][number];

/**
 * The most attachments one complaint holds, across its registration and every amendment: a
 * registration may bring this many, and amendments only add up to it. Without a total, a
 * complaint amended again and again would grow its stream, its events and every projection
 * without end.
 */
export const MAX_ATTACHMENTS = 50;

export class TooManyAttachments extends DomainError {
  readonly kind = 'unprocessable';
  constructor(held: number, added: number) {
    const message = `a complaint holds at most ${MAX_ATTACHMENTS} attachments; it has ${held} and ${added} new ones were sent`;
    super(message, { maxAttachments: MAX_ATTACHMENTS }, [{ field: 'attachments', message }]);
  }
}

/**
 * The attachments after an amendment adds some: those already held, then the new ones (hashes in
 * lower case; a file already attached, by its SHA-256, is not added twice). Refused when the
 * total would pass `MAX_ATTACHMENTS`.
 */
export function withAddedAttachments(
  held: readonly Attachment[],
  added: readonly Attachment[],
): Attachment[] {
  const known = new Set(held.map((a) => a.sha256));
  const fresh: Attachment[] = [];
  for (const attachment of added) {
    const sha256 = attachment.sha256.toLowerCase();
    if (known.has(sha256)) continue;
    known.add(sha256);
    fresh.push({ ...attachment, sha256 });
  }
  if (held.length + fresh.length > MAX_ATTACHMENTS) {
    throw new TooManyAttachments(held.length, fresh.length);
  }
  return [...held, ...fresh];
}
