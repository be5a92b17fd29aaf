import type { IncomingMessage, ServerResponse } from 'node:http';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { Store, storage } from 'nestjs-pino/storage';
import type { DestinationStream, Logger } from 'pino';
import { createHttpLogger } from './http-logger';
import { createLogger, type LogLevel } from './logger';

/** The service's root pino logger (inject it for code that logs outside Nest's Logger). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
/**
 * The access logger, a raw Node middleware: `configureServiceApp` installs it as a Fastify hook
 * ahead of the body parser.
 */
export const HTTP_LOGGER = Symbol('HTTP_LOGGER');

export interface LoggingModuleOptions {
  service: string;
  level?: LogLevel | string;
  /** Where lines go; standard output by default (tests pass a stream). */
  destination?: DestinationStream;
}

/**
 * JSON logs through nestjs-pino. The access logger (pino-http) runs as a Fastify hook installed
 * by `configureServiceApp`, before body parsing, so even a request refused for malformed JSON is
 * logged with its correlation id. The same hook makes that request logger nestjs-pino's for the
 * rest of the request (what nestjs-pino's own middleware does with `useExisting`, without a Nest
 * middleware layer in front of every request), so Nest's `Logger` and `PinoLogger` lines inside
 * a request carry the correlation id too.
 */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingModuleOptions): DynamicModule {
    const logger = createLogger(options.service, options.level ?? 'info', options.destination);
    const httpLogger = createHttpLogger(logger);
    const accessLog = (req: IncomingMessage, res: ServerResponse, next: () => void): void =>
      httpLogger(req, res, () => storage.run(new Store(requestLogger(req, logger)), next));
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger }, useExisting: true, forRoutes: [] })],
      providers: [
        { provide: ROOT_LOGGER, useValue: logger },
        { provide: HTTP_LOGGER, useValue: accessLog },
      ],
      exports: [ROOT_LOGGER, HTTP_LOGGER, LoggerModule],
    };
  }
}

/** The child logger pino-http bound to the request (`req.log`), bound to its correlation id. */
function requestLogger(req: IncomingMessage, root: Logger): Logger {
  const log: unknown = Reflect.get(req, 'log');
  return typeof log === 'object' && log !== null ? (log as Logger) : root;
}
