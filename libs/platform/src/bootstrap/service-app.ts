import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  Logger,
  type DynamicModule,
  type INestApplication,
  type InjectionToken,
  type Type,
} from '@nestjs/common';
import { ModuleRef, NestFactory } from '@nestjs/core';
import { UnknownElementException } from '@nestjs/core/errors/exceptions/unknown-element.exception';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { connectEventTransport, KafkaEventTransport } from '@redress/nest-messaging';
import { ConfigError } from '../config/config-error';
import { trustProxySetting } from '../config/validators';
import { answerClientError } from '../errors/client-error';
import {
  MAX_JSON_DEPTH,
  MAX_JSON_VALUES,
  jsonBodyParser,
  requireDecodablePath,
  requireJson,
} from '../errors/json-body';
import { ProblemDetailsFilter, answerFrameworkError } from '../errors/problem-details.filter';
import { createValidationPipe } from '../errors/validation';
import { correlationIdMiddleware } from '../logging/correlation-id';
import { HTTP_LOGGER } from '../logging/logging.module';
import { HTTP_METRICS, type HttpMetricsHook } from '../metrics/metrics.module';
import { setupOpenApi } from '../openapi/openapi';
import { httpTracingHook } from '../tracing/http-tracing';
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
   * (`false` by default: `request.ip` is the peer's address).
   */
  trustProxy?: string;
  /**
   * Paths whose handler reads the request body itself, as a stream (an upload of any size):
   * neither the JSON-only rule nor the JSON parser and its body limit touch their requests, so
   * the handler must check the media type and bound the size itself.
   */
  streamedBodies?: readonly string[];
  /**
   * How long one request may take to arrive whole, in milliseconds (Node's `requestTimeout`;
   * 0: no limit). Node's 300 s by default; a service that streams large uploads raises it.
   */
  requestTimeoutMs?: number;
}

export interface StartServiceOptions extends ServiceAppOptions {
  port: number;
  /** Interface to bind; all by default (containers). */
  host?: string;
}

export const DEFAULT_BODY_LIMIT = '256kb';

/** Node's own limit on how long a request may take to arrive, which Fastify would lift (0). */
const NODE_REQUEST_TIMEOUT_MS = 300_000;

/**
 * How long a path parameter may be. Fastify's 100 would answer a longer id with 404 before the
 * parameter's pipe could name it; the request line is bounded anyway (16 kB of headers).
 */
const MAX_PARAM_LENGTH = 16 * 1024;

/** A raw Node middleware: the shape of pino-http and of the platform's request checks. */
type Middleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * The HTTP adapter of a service: Fastify, with the settings that must exist before the first
 * request and cannot be changed on a built instance (trust proxy, request timeout, the answer
 * to requests Node's parser refuses, routing like Express's: trailing slash and case ignored).
 * Tests pass it to `createNestApplication(serviceHttpAdapter(options))` before
 * `configureServiceApp`.
 */
export function serviceHttpAdapter(options: ServiceAppOptions): FastifyAdapter {
  const trustProxy = trustProxySetting(options.trustProxy ?? 'false');
  if (trustProxy === undefined) {
    throw new ConfigError([
      `HTTP_TRUST_PROXY: "${options.trustProxy}" is not a trust proxy setting`,
    ]);
  }
  return new ServiceFastifyAdapter({
    trustProxy,
    requestTimeout: options.requestTimeoutMs ?? NODE_REQUEST_TIMEOUT_MS,
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
    routerOptions: {
      ignoreTrailingSlash: true,
      caseSensitive: false,
      maxParamLength: MAX_PARAM_LENGTH,
    },
  });
}

/** Fastify with the platform's body parsers only (`configureServiceApp`), never Nest's. */
class ServiceFastifyAdapter extends FastifyAdapter {
  override registerParserMiddleware(): void {
    // Nest would add its JSON and form parsers at init, ahead of the platform's JSON parser.
  }
}

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
 * 1–3 are Fastify `onRequest` hooks and content-type parsers, which run for every request
 * (matched or not), so a body the parser refuses is still logged, measured and answered with a
 * problem document. The app must have been created on `serviceHttpAdapter(options)`; tests call
 * this on the app from `Test.createTestingModule(...).createNestApplication(adapter)` to get the
 * same behaviour as `main.ts`.
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
  if (app.getHttpAdapter().getType() !== 'fastify') {
    throw new Error('configureServiceApp: create the app on serviceHttpAdapter(options)');
  }
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;

  fastify.addHook('onRequest', raw(correlationIdMiddleware));
  fastify.addHook('onRequest', httpTracingHook);
  const httpLogger = optional<Middleware>(app, HTTP_LOGGER);
  if (httpLogger !== undefined) fastify.addHook('onRequest', raw(httpLogger));
  const httpMetrics = optional<HttpMetricsHook>(app, HTTP_METRICS);
  if (httpMetrics !== undefined) fastify.addHook('onRequest', httpMetrics);
  fastify.addHook('onRequest', raw(requireDecodablePath));
  const streamed = new Set(options.streamedBodies ?? []);
  // By the matched route's pattern, so every spelling the router accepts (a trailing slash,
  // another case) is the same route.
  const isStreamed = (request: FastifyRequest): boolean =>
    request.routeOptions.url !== undefined && streamed.has(request.routeOptions.url);
  const jsonOnly = raw(requireJson);
  fastify.addHook('onRequest', (request, reply, done) =>
    isStreamed(request) ? done() : jsonOnly(request, reply, done),
  );

  // Only the platform's parsers: JSON with its limits, and any other body left unread (a
  // streamed upload's handler reads it; anywhere else `requireJson` has refused it already).
  const parseJson = jsonBodyParser(options.bodyLimit ?? DEFAULT_BODY_LIMIT, {
    maxDepth: options.maxJsonDepth ?? MAX_JSON_DEPTH,
    maxValues: options.maxJsonValues ?? MAX_JSON_VALUES,
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_CONTENT_TYPE, (request, _payload, done) => {
    if (isStreamed(request)) return done(null, undefined);
    parseJson(request.raw, (error, body) =>
      done(error === undefined ? null : asError(error), body),
    );
  });
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

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

/**
 * What Fastify hands the JSON parser: the media type with its parameters, lower-cased
 * (`isJsonMediaType`'s types: `application/json` and structured `+json` types).
 */
const JSON_CONTENT_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json(?:\s*;|$)/;

/** A raw Node middleware as a Fastify hook, on the request and response Fastify wraps. */
function raw(
  middleware: Middleware,
): (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void {
  // Fastify passes on whatever the middleware fails with; the platform's problems are Errors.
  return (request, reply, done) =>
    middleware(request.raw, reply.raw, done as (error?: unknown) => void);
}

/** Fastify's parser callback takes an Error; the platform's problems are Errors already. */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Creates the Nest application of a service with every platform convention applied. */
export async function createServiceApp(
  module: Type<unknown> | DynamicModule,
  options: ServiceAppOptions,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    serviceHttpAdapter(options),
    {
      bufferLogs: true,
      // The platform installs its own JSON parser; forms and other bodies are refused (415).
      bodyParser: false,
      // A wiring error rejects (and main.ts reports it) instead of aborting the process.
      abortOnError: false,
    },
  );
  return configureServiceApp(app, options);
}

/**
 * Initialises the app (the lifecycle hooks: pools, outbox relays, timers), then starts its event
 * transport if it has one (which registers the `@EventPattern` handlers and starts consuming in
 * the background), and readies Fastify (its routes and plugins loaded): everything but listening
 * for HTTP. Tests call it instead of `app.init()`, so they exercise the transport as `main.ts`
 * does, and serve `app.getHttpServer()` with supertest.
 */
export async function initServiceApp<T extends INestApplication>(app: T): Promise<T> {
  await app.init();
  await app.startAllMicroservices();
  await (app.getHttpAdapter().getInstance() as FastifyInstance).ready();
  return app;
}

/**
 * Tracing (`startTracing`, from the standard `OTEL_*` variables), `createServiceApp`,
 * `initServiceApp` and listen: the whole of a service's `main.ts`.
 */
export async function startService(
  module: Type<unknown> | DynamicModule,
  options: StartServiceOptions,
): Promise<NestFastifyApplication> {
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
