import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { unauthorizedProblem } from '../errors/problem';
import { isAuthUser, type AuthUser, type Role } from './auth-user';

export const IS_PUBLIC = 'redress:public';
export const REQUIRED_ROLES = 'redress:roles';

/** The route needs no token (health, metrics, the customer's status page). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The caller needs at least one of these roles, else 403. On a method it replaces the class's. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLES, roles);

/** The authenticated caller; 401 on a route that was not authenticated (a `@Public()` one). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const user = authUserOf(context.switchToHttp().getRequest<object>());
  if (user === undefined) throw unauthorizedProblem('this endpoint needs an authenticated user');
  return user;
});

/** The user the guard attached to the request, if any. */
export function authUserOf(req: object): AuthUser | undefined {
  const user: unknown = Reflect.get(req, 'user');
  return isAuthUser(user) ? user : undefined;
}
