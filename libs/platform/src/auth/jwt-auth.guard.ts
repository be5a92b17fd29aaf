import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  PROBLEM_TYPES,
  ProblemException,
  forbiddenProblem,
  unauthorizedProblem,
} from '../errors/problem';
import type { Role } from './auth-user';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import { IdentityProviderUnavailable, InvalidToken, TokenVerifier } from './token-verifier';

const BEARER = /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i;

/**
 * The global guard: every HTTP route needs a valid bearer token unless marked `@Public()`, and a
 * route with `@Roles(...)` needs one of those roles. Authentication and the role check live in one
 * guard so a missing token is always a 401, never a 403.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true) {
      return true;
    }
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const res = http.getResponse<FastifyReply>();

    const token = bearerToken(req.headers.authorization);
    if (token === undefined) {
      void res.header('WWW-Authenticate', 'Bearer');
      throw unauthorizedProblem('send a bearer token in the Authorization header');
    }
    const user = await this.verifier.verify(token).catch((error: unknown) => {
      if (error instanceof InvalidToken) {
        void res.header('WWW-Authenticate', `Bearer error="invalid_token"`);
        throw unauthorizedProblem(error.reason);
      }
      if (error instanceof IdentityProviderUnavailable) {
        throw new ProblemException({
          status: 503,
          type: PROBLEM_TYPES.identityProviderUnavailable,
          title: 'Identity provider unavailable',
          detail: 'the token could not be checked right now; retry shortly',
        });
      }
      throw error;
    });
    Reflect.set(req, 'user', user);

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required !== undefined && required.length > 0) {
      if (!user.roles.some((role) => required.includes(role))) {
        throw forbiddenProblem(`this needs one of the roles: ${required.join(', ')}`);
      }
    }
    return true;
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  return BEARER.exec(header)?.[1];
}
