import { forbiddenProblem } from '../errors/problem';
import type { AuthUser, Role } from './auth-user';

/** CONTRACT.md "Auth": `supervisor` and `admin` see all departments. */
export const ALL_DEPARTMENT_ROLES: readonly Role[] = ['supervisor', 'admin'];

export function seesAllDepartments(user: AuthUser): boolean {
  return user.roles.some((role) => ALL_DEPARTMENT_ROLES.includes(role));
}

/**
 * Whether the user may see and act on a complaint of `department`: every other role is scoped to
 * the department in its token, and a token without a department sees none.
 */
export function canSeeDepartment(user: AuthUser, department: string): boolean {
  if (seesAllDepartments(user)) return true;
  return user.department !== undefined && user.department === department;
}

/** Throws a 403 problem when `department` is outside the user's scope. */
export function assertDepartmentScope(user: AuthUser, department: string): void {
  if (!canSeeDepartment(user, department)) {
    throw forbiddenProblem(`department "${department}" is outside your scope`);
  }
}
