import { forbiddenProblem } from '../errors/problem';
import type { Role } from './auth-user';

/** CONTRACT.md "Auth": `supervisor` and `admin` see all departments. */
export const ALL_DEPARTMENT_ROLES: readonly Role[] = ['supervisor', 'admin'];

/**
 * Whoever asks: a verified token's user, or the actor an event or command records (both carry
 * roles and an optional department).
 */
export interface DepartmentScoped {
  roles?: readonly string[] | undefined;
  department?: string | undefined;
}

const SEE_ALL: ReadonlySet<string> = new Set(ALL_DEPARTMENT_ROLES);

export function seesAllDepartments(user: DepartmentScoped): boolean {
  return user.roles?.some((role) => SEE_ALL.has(role)) ?? false;
}

/**
 * Whether the user may see and act on a complaint of `department`: every other role is scoped to
 * the department in its token, and a token without a department sees none.
 */
export function canSeeDepartment(user: DepartmentScoped, department: string): boolean {
  if (seesAllDepartments(user)) return true;
  return user.department !== undefined && user.department === department;
}

/** Throws a 403 problem when `department` is outside the user's scope. */
export function assertDepartmentScope(user: DepartmentScoped, department: string): void {
  if (!canSeeDepartment(user, department)) {
    throw forbiddenProblem(`department "${department}" is outside your scope`);
  }
}
