import { decodeCursor, encodeCursor } from './keyset-cursor';

describe('keyset cursors', () => {
  it('round-trip the last row of a page', () => {
    const cursor = { at: '2026-11-23T08:00:00.000Z', id: '6f1c2a9e-3b7d-4c1e-9a55-0d2f8e4b7c10' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it.each(['', 'not-base64-json', Buffer.from('["yesterday","x"]').toString('base64url')])(
    'refuse %j with a 400 naming the field',
    (raw) => {
      expect(() => decodeCursor(raw, 'cursor')).toThrow(
        expect.objectContaining({ fieldErrors: [expect.objectContaining({ field: 'cursor' })] }),
      );
    },
  );
});
