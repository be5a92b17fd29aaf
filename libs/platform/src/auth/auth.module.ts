import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtAuthGuard } from './jwt-auth.guard';
import { TokenVerifier, type AuthOptions } from './token-verifier';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

/**
 * Registers `JwtAuthGuard` for every route of the application. Exactly one of `jwtSecret`
 * (HS256, local) or `jwksUrl` (RS256/ES256, production) must be given; `loadConfig` on
 * `BaseServiceConfig` already enforces that, and the verifier checks it again.
 */
@Global()
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: AUTH_OPTIONS, useValue: options },
        { provide: TokenVerifier, useFactory: () => new TokenVerifier(options) },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
      ],
      exports: [AUTH_OPTIONS, TokenVerifier],
    };
  }
}
