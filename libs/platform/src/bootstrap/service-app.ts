import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import {
  Logger,
  type DynamicModule,
  type INestApplication,
  type InjectionToken,
  type Type,
} from '@nestjs/common';
import { ModuleRef, NestFactory } from '@nestjs/core';
import { UnknownElementException } from '@nestjs/core/errors/exceptions/unknown-element.exception';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { connectEventTransport, KafkaEventTransport } from '@redress/nest-messaging';
import { ConfigError } from '../config/config-error';
import { trustProxySetting } from '../config/validators';
import { answerClientErrors } from '../errors/client-error';
import {
  MAX_JSON_DEPTH,
  MAX_JSON_VALUES,
  jsonBodyParser,
  requireDecodablePath,
  requireJson,
} from '../errors/json-body';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { createValidationPipe } from '../errors/validation';
import { correlationIdMiddleware } from '../logging/correlation-id';
import { HTTP_LOGGER } from '../logging/logging.module';
import { HTTP_METRICS } from '../metrics/metrics.module';
import { setupOpenApi } from '../openapi/openapi';
import { httpTracingMiddleware } from '../tracing/http-tracing';
import { startTracing } from '../tracing/tracing';

export interface ServiceAppOptions {
  /** The service's name: `intake`, `triage`, … */
  service: string;
  /** OpenAPI title; `Redress <service> API` by default. */
  title?: string;
  description?: string;
  version?: string;
  /** Largest request body (`HTTP_BODY_LIMIT`); 256kb by default. */
  bodyLimit?: string;
  /** How deeply a JSON body may nest objects and arrays; `MAX_JSON_DEPTH` (32) by default. */
  maxJsonDepth?: number;
  /** How many values a JSON body may hold; `MAX_JSON_VALUES` (20,000) by default. */
  maxJsonValues?: number;
  /** Serve `/docs` and `/docs-json`; on by default. */
  openApi?: boolean;
  /**
   * `HTTP_TRUST_PROXY`: which proxies may state the client's address in `X-Forwarded-For`
   * (`false` by default: `req.ip` is the peer's address).
   */
  trustProxy?: string;
}

export interface StartServiceOptions extends ServiceAppOptions {
  port: number;
  /** Interface to bind; all by default (containers). */
  host?: string;
}

export const DEFAULT_BODY_LIMIT = '256kb';

type Middleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * Applies the platform's HTTP conventions to an application that has not been initialised yet,
 * in the order requests meet them:
 *
 * 1. correlation id (header in, header out, async context), then the request's trace span
 *    (when `startTracing` ran: `startService` starts it, tests may),
 * 2. access log and request metrics (from LoggingModule / MetricsModule, when imported),
 * 3. a path that decodes (400), JSON-only writes (415), then the JSON parser with the body size,
 *    nesting and value limits (400 / 413),
 * 4. the validation pipe, the problem+json filter, shutdown hooks and OpenAPI.
 *
 * Everything in 1–3 is Express middleware ahead of Nest's routing, so a body the parser refuses
 * is still logged, measured and answered with a problem document. Tests call this on the app from
 * `Test.createTestingModule(...).createNestApplication()` to get the same behaviour as `main.ts`.
 *
 * When the module provides a `KafkaEventTransport` (`@redress/nest-messaging`), the app becomes a
 * hybrid application whose `@EventPattern` handlers that transport serves; `initServiceApp`
 * starts it. The HTTP pipe and filter above do not apply to event handlers.
 */
export function configureServiceApp<T extends INestApplication>(
  app: T,
  options: ServiceAppOptions,
): T {
  const nestLogger = optional<PinoNestLogger>(app, PinoNestLogger);
  if (nestLogger !== undefined) {
    app.useLogger(nestLogger);
    app.flushLogs();
  }
  const express = app.getHttpAdapter().getInstance() as {
    disable?: (setting: string) => void;
    set?: (setting: string, value: unknown) => void;
  };
  express.disable?.('x-powered-by');
  const trustProxy = trustProxySetting(options.trustProxy ?? 'false');
  if (trustProxy === undefined) {
    throw new ConfigError([
      `HTTP_TRUST_PROXY: "${options.trustProxy}" is not a trust proxy setting`,
    ]);
  }
  express.set?.('trust proxy', trustProxy);
  answerClientErrors(app.getHttpServer() as Server);

  app.use(correlationIdMiddleware);
  app.use(httpTracingMiddleware);
  const httpLogger = optional<Middleware>(app, HTTP_LOGGER);
  if (httpLogger !== undefined) app.use(httpLogger);
  const httpMetrics = optional<Middleware>(app, HTTP_METRICS);
  if (httpMetrics !== undefined) app.use(httpMetrics);
  app.use(requireDecodablePath);
  app.use(requireJson);
  app.use(
    jsonBodyParser(options.bodyLimit ?? DEFAULT_BODY_LIMIT, {
      maxDepth: options.maxJsonDepth ?? MAX_JSON_DEPTH,
      maxValues: options.maxJsonValues ?? MAX_JSON_VALUES,
    }),
  );

  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();

  const events = optional<KafkaEventTransport>(app, KafkaEventTransport);
  if (events !== undefined) connectEventTransport(app, events);

  if (options.openApi !== false) {
    setupOpenApi(app, {
      title: options.title ?? `Redress ${options.service} API`,
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(options.version !== undefined ? { version: options.version } : {}),
    });
  }
  return app;
}

/** Creates the Nest application of a service with every platform convention applied. */
export async function createServiceApp(
  module: Type<unknown> | DynamicModule,
  options: ServiceAppOptions,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bufferLogs: true,
    // The platform installs its own JSON parser; forms and other bodies are refused (415).
    bodyParser: false,
    // A wiring error rejects (and main.ts reports it) instead of aborting the process.
    abortOnError: false,
  });
  return configureServiceApp(app, options);
}

/**
 * Initialises the app (the lifecycle hooks: pools, outbox relays, timers), then starts its event
 * transport if it has one (which registers the `@EventPattern` handlers and starts consuming in
 * the background): everything but listening for HTTP. Tests call it instead of `app.init()`, so
 * they exercise the transport as `main.ts` does.
 */
export async function initServiceApp<T extends INestApplication>(app: T): Promise<T> {
  await app.init();
  await app.startAllMicroservices();
  return app;
}

/**
 * Tracing (`startTracing`, from the standard `OTEL_*` variables), `createServiceApp`,
 * `initServiceApp` and listen: the whole of a service's `main.ts`.
 */
export async function startService(
  module: Type<unknown> | DynamicModule,
  options: StartServiceOptions,
): Promise<NestExpressApplication> {
  const tracing = startTracing({ service: options.service });
  if (tracing !== undefined) {
    // Nest closes the application on these signals and then ends the process: the spans still
    // buffered are sent meanwhile.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => void tracing.forceFlush());
    }
  }
  const app = await initServiceApp(await createServiceApp(module, options));
  await app.listen(options.port, options.host ?? '0.0.0.0');
  new Logger('Bootstrap').log(`${options.service} listening on ${await app.getUrl()}`);
  return app;
}

/** A provider of an optional platform module, or undefined when the module is not imported. */
function optional<T>(app: INestApplication, token: InjectionToken): T | undefined {
  // Asked through ModuleRef: the app itself logs every failed lookup as an error before
  // rethrowing it (abortOnError: false), and a service without an event transport is normal.
  const modules = app.get(ModuleRef);
  try {
    return modules.get<T>(token, { strict: false });
  } catch (error: unknown) {
    if (error instanceof UnknownElementException) return undefined;
    throw error;
  }
}
