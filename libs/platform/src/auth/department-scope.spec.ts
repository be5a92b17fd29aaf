import { ProblemException } from '../errors/problem';
import type { AuthUser } from './auth-user';
import { assertDepartmentScope, canSeeDepartment } from './department-scope';

const agent: AuthUser = { sub: 'a', roles: ['agent'], department: 'logistics' };
const headOfQuality: AuthUser = { sub: 'h', roles: ['department_head'], department: 'quality' };
const supervisor: AuthUser = { sub: 's', roles: ['supervisor'] };
const admin: AuthUser = { sub: 'x', roles: ['admin'], department: 'it' };
const analystWithoutDepartment: AuthUser = { sub: 'n', roles: ['analyst'] };

describe('department scope', () => {
  it('lets department-scoped roles see only their own department', () => {
    expect(canSeeDepartment(agent, 'logistics')).toBe(true);
    expect(canSeeDepartment(agent, 'quality')).toBe(false);
    expect(canSeeDepartment(headOfQuality, 'quality')).toBe(true);
    expect(canSeeDepartment(headOfQuality, 'logistics')).toBe(false);
  });

  it('lets supervisors and admins see every department', () => {
    expect(canSeeDepartment(supervisor, 'quality')).toBe(true);
    expect(canSeeDepartment(admin, 'logistics')).toBe(true);
  });

  it('shows nothing to a scoped user whose token names no department', () => {
    expect(canSeeDepartment(analystWithoutDepartment, 'quality')).toBe(false);
  });

  it('throws a 403 problem outside the scope', () => {
    expect(() => assertDepartmentScope(agent, 'logistics')).not.toThrow();
    try {
      assertDepartmentScope(agent, 'quality');
      throw new Error('expected a 403');
    } catch (error: unknown) {
      expect(error).toBeInstanceOf(ProblemException);
      expect((error as ProblemException).problem).toMatchObject({
        status: 403,
        detail: 'department "quality" is outside your scope',
      });
    }
  });
});
