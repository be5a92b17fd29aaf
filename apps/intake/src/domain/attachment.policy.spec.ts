import { MAX_ATTACHMENTS, TooManyAttachments, withAddedAttachments } from './attachment.policy';

const file = (n: number, hex = n.toString(16).padStart(64, 'a')) => ({
  name: `photo-${n}.jpg`,
  sha256: hex,
  url: `https://files.example.com/${n}`,
});
const files = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => file(from + i));

describe('attachments of one complaint, across its registration and amendments', () => {
  it(`adds up to ${MAX_ATTACHMENTS} in all, and refuses one more naming the field`, () => {
    const held = withAddedAttachments([], files(0, 30));
    const full = withAddedAttachments(held, files(30, MAX_ATTACHMENTS - 30));
    expect(full).toHaveLength(MAX_ATTACHMENTS);
    expect(full.slice(0, 30)).toEqual(held);
    expect(() => withAddedAttachments(full, files(MAX_ATTACHMENTS, 1))).toThrow(TooManyAttachments);
    expect(() => withAddedAttachments(held, files(30, MAX_ATTACHMENTS - 29))).toThrow(
      TooManyAttachments,
    );
    try {
      withAddedAttachments(full, files(MAX_ATTACHMENTS, 1));
    } catch (error) {
      expect((error as TooManyAttachments).fieldErrors).toEqual([
        expect.objectContaining({ field: 'attachments' }),
      ]);
    }
  });

  it('does not count a file already held again, whatever the case of its hash', () => {
    const full = withAddedAttachments([], files(0, MAX_ATTACHMENTS));
    const again = file(7, (7).toString(16).padStart(64, 'a').toUpperCase());
    expect(withAddedAttachments(full, [again])).toEqual(full);
    expect(withAddedAttachments([], [again, again])).toEqual([
      { ...again, sha256: again.sha256.toLowerCase() },
    ]);
  });
});
