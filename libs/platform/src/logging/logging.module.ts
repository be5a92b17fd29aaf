import { Global, Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { createHttpLogger } from './http-logger';
import { createLogger, type LogLevel } from './logger';

/** The service's root pino logger (inject it for code that logs outside Nest's Logger). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
/** The pino-http middleware; `configureServiceApp` installs it ahead of the body parser. */
export const HTTP_LOGGER = Symbol('HTTP_LOGGER');

export interface LoggingModuleOptions {
  service: string;
  level?: LogLevel | string;
  /** Where lines go; standard output by default (tests pass a stream). */
  destination?: DestinationStream;
}

/**
 * JSON logs through nestjs-pino. The access logger runs as Express middleware installed by
 * `configureServiceApp`, before body parsing, so even a request refused for malformed JSON is
 * logged with its correlation id; nestjs-pino reuses that request logger (`useExisting`), so Nest's
 * `Logger` and `PinoLogger` lines inside a request carry the correlation id too.
 */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingModuleOptions): DynamicModule {
    const logger = createLogger(options.service, options.level ?? 'info', options.destination);
    const httpLogger = createHttpLogger(logger);
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: { logger },
          useExisting: true,
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        }),
      ],
      providers: [
        { provide: ROOT_LOGGER, useValue: logger },
        { provide: HTTP_LOGGER, useValue: httpLogger },
      ],
      exports: [ROOT_LOGGER, HTTP_LOGGER, LoggerModule],
    };
  }
}
