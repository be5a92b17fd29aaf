import { randomUUID } from 'node:crypto';
import { InvalidInput, type Actor } from '@redress/contracts';
import { currentCorrelationId, type AuthUser } from '@redress/platform';
import type { CommandContext } from '../application/complaint-stream';

export function actorOf(user: AuthUser): Actor {
  return {
    type: 'app_user',
    id: user.sub,
    roles: user.roles,
    ...(user.department !== undefined ? { department: user.department } : {}),
  };
}

export function commandContext(user: AuthUser): CommandContext {
  return { actor: actorOf(user), correlationId: currentCorrelationId() ?? randomUUID() };
}

/** Printable ASCII, 1–200 characters (IETF draft "The Idempotency-Key HTTP Header Field"). */
export function idempotencyKeyOf(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(raw)) {
    throw new InvalidInput('Idempotency-Key', 'must be 1–200 printable ASCII characters');
  }
  return raw;
}
