import { InvalidInput } from '@redress/contracts';

/** Where a newest-first page ended: the last row's time and id. */
export interface KeysetCursor {
  at: string;
  id: string;
}

/**
 * Cursors of keyset pagination (`ORDER BY at DESC, id DESC`), which stays fast and stable while
 * new rows arrive, unlike offsets. Opaque to clients: base64url of the last row's keys.
 */
export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

/** The cursor a client sent back; anything else is a 400 naming `field`. */
export function decodeCursor(raw: string, field = 'cursor'): KeysetCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      /^[0-9a-f-]{36}$/.test(value[1])
    ) {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // Falls through: any undecodable cursor is the client's mistake.
  }
  throw new InvalidInput(field, 'must be the nextCursor of a previous page');
}
