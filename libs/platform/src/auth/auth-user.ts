import { ROLES, type Actor, type Role } from '@redress/contracts';

export { ROLES, type Role };

/** The caller, from a verified bearer token (CONTRACT.md "Auth"). */
export interface AuthUser {
  sub: string;
  roles: Role[];
  department?: string;
}

/** The caller as events record who acted (`metadata.actor`). */
export function actorOf(user: AuthUser): Actor {
  return {
    type: 'app_user',
    id: user.sub,
    roles: user.roles,
    ...(user.department !== undefined ? { department: user.department } : {}),
  };
}

const KNOWN_ROLES: ReadonlySet<string> = new Set(ROLES);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && KNOWN_ROLES.has(value);
}

export function isAuthUser(value: unknown): value is AuthUser {
  if (typeof value !== 'object' || value === null) return false;
  if (!('sub' in value) || typeof value.sub !== 'string') return false;
  if (!('roles' in value) || !Array.isArray(value.roles) || !value.roles.every(isRole))
    return false;
  return (
    !('department' in value) ||
    value.department === undefined ||
    typeof value.department === 'string'
  );
}

/** A department key as CONTRACT.md spells them: `customer-service`, `quality`, `rnd`. */
export const DEPARTMENT_KEY = /^[a-z][a-z0-9-]{0,63}$/;
