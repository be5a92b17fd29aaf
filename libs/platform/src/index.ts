import 'reflect-metadata';
export {
  isServiceWorker,
  runServiceProcesses,
  type ServiceProcessesOptions,
} from './bootstrap/service-processes';
export { ConfigError } from './config/config-error';
export { businessCalendarSetting } from './config/calendar-setting';
export { policySetting, type PolicyProblems } from './config/policy-setting';
export { loadConfig, type CrossFieldChecked } from './config/load-config';
export { BaseServiceConfig, NODE_ENVS, type NodeEnv } from './config/base-service.config';
export {
  IsBrokerList,
  IsPostgresUrl,
  IsTrustProxy,
  isBrokerList,
  isHttpsUrl,
  isPostgresUrl,
  trustProxySetting,
  poolRoomProblems,
} from './config/validators';

export { ROLES, actorOf, isAuthUser, isRole, type AuthUser, type Role } from './auth/auth-user';
export {
  CurrentUser,
  IS_PUBLIC,
  Public,
  REQUIRED_ROLES,
  Roles,
  authUserOf,
} from './auth/auth.decorators';
export { AUTH_OPTIONS, AuthModule } from './auth/auth.module';
export { JwtAuthGuard, bearerToken } from './auth/jwt-auth.guard';
export {
  IdentityProviderUnavailable,
  InvalidToken,
  TokenVerifier,
  authOptionsOf,
  claimsToUser,
  type AuthOptions,
  type AuthSettings,
} from './auth/token-verifier';
export {
  ALL_DEPARTMENT_ROLES,
  assertDepartmentScope,
  canSeeDepartment,
  seesAllDepartments,
  type DepartmentScoped,
} from './auth/department-scope';
export {
  developmentTokens,
  signDevelopmentToken,
  durationSeconds,
  type DevelopmentClaims,
  type DevelopmentTokenOptions,
} from './auth/development-token';

// Domain errors live in contracts so pure domain code can throw them without importing Nest.
export { DomainError, InvalidInput, type DomainErrorKind } from '@redress/contracts';
export {
  BLANK_PROBLEM_TYPE,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPES,
  MAX_FIELD_ERRORS,
  ProblemException,
  describeFieldErrors,
  forbiddenProblem,
  statusTitle,
  tooManyRequestsProblem,
  unauthorizedProblem,
  validationProblem,
  type FieldError,
  type ProblemDetails,
  type ProblemInit,
} from './errors/problem';
export {
  DOMAIN_ERROR_STATUS,
  toProblem,
  type MappedProblem,
  type ProblemContext,
} from './errors/to-problem';
export { ProblemDetailsFilter } from './errors/problem-details.filter';
export { BoundedValidationPipe, createValidationPipe, toFieldErrors } from './errors/validation';
export {
  MAX_JSON_DEPTH,
  MAX_JSON_VALUES,
  RequireJson,
  isJsonMediaType,
  jsonBodyParser,
  bodyShapeProblem,
  type ParsedRequest,
  charsetOf,
  requireDecodablePath,
  scanRawJson,
  type JsonLimits,
  type RawJsonScan,
  requireJson,
} from './errors/json-body';

export { Omittable } from './dto/omittable';
export { UniqueItems } from './dto/unique-items';
export { IsInstant, MAX_INSTANT_LENGTH, toInstant } from './dto/instant';
export { dtoSchema, isDto } from './dto/dto-schema';
export { inputBoundErrors } from './dto/input-bounds';
export { isStorableText } from './dto/text';
export type { JsonSchema } from './dto/json-schema';

export {
  CORRELATION_ID_HEADER,
  CorrelationId,
  correlationIdMiddleware,
  currentCorrelationId,
  ensureCorrelationId,
  isValidCorrelationId,
} from './logging/correlation-id';
export { LOG_LEVELS, REDACT_PATHS, createLogger, type LogLevel } from './logging/logger';
export {
  SAMPLERS,
  currentTracing,
  samplerOf,
  startTracing,
  type Tracing,
  type TracingOptions,
} from './tracing/tracing';
export { httpTracingHook } from './tracing/http-tracing';
// For tests: `startTracing({ service, exporter: new InMemorySpanExporter() })`.
export { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
export { createHttpLogger } from './logging/http-logger';
export {
  HTTP_LOGGER,
  LoggingModule,
  ROOT_LOGGER,
  type LoggingModuleOptions,
} from './logging/logging.module';

export {
  HTTP_METRICS,
  METRICS_REGISTRY,
  MetricsModule,
  type MetricsModuleOptions,
} from './metrics/metrics.module';
export {
  HTTP_DURATION_METRIC,
  createHttpMetrics,
  type HttpMetricsHook,
} from './metrics/http-metrics';
export {
  OUTBOX_LAG_METRIC,
  OUTBOX_QUARANTINED_METRIC,
  registerOutboxLag,
  registerOutboxQuarantine,
} from './metrics/outbox-metrics';
export {
  CONSUMER_DEAD_LETTERED_METRIC,
  CONSUMER_RETRIED_METRIC,
  registerConsumerMetrics,
} from './metrics/consumer-metrics';
export {
  TIMER_FAILURES_METRIC,
  TIMER_LAG_METRIC,
  TIMERS_FIRED_METRIC,
  TIMERS_OVERDUE_METRIC,
  TIMERS_PARKED_METRIC,
  registerTimerMetrics,
  type TimerMetricsSource,
} from './metrics/timer-metrics';
export { Counter, Gauge, Histogram, Registry } from 'prom-client';

export { HealthModule, type HealthModuleOptions } from './health/health.module';
export {
  ServiceMessaging,
  ServiceMessagingFor,
  serviceReadiness,
  type ServiceMessagingOptions,
} from './messaging/service-messaging';
export {
  ReadinessChecks,
  type ReadinessIndicator,
  type ReadinessOutcome,
} from './health/readiness-checks';

export { ApiProblems, ProblemDocument, setupOpenApi, type OpenApiOptions } from './openapi/openapi';
export { describeValidationRules } from './openapi/validation-rules';

export {
  configureServiceApp,
  createServiceApp,
  initServiceApp,
  serviceHttpAdapter,
  startService,
  type ServiceAppOptions,
  type StartServiceOptions,
} from './bootstrap/service-app';
export { PlatformModule, type PlatformModuleOptions } from './bootstrap/platform.module';
export { runMigrations } from './database/run-migrations';
export { columnCompressionMigration } from './database/column-compression-migration';
export { retentionSettings } from './database/retention';
export { ApiUuidParam, UuidParam } from './http/uuid-param';
export { IDEMPOTENCY_KEY_HEADER, IdempotencyKey, idempotencyKeyOf } from './http/idempotency-key';
export { decodeCursor, encodeCursor, type KeysetCursor } from './http/keyset-cursor';
export { PageQuery } from './http/page.query';
// The HTTP adapter's request and reply (Fastify), for the few handlers that set a header
// themselves or read the request body as a stream.
export type { FastifyReply, FastifyRequest } from 'fastify';
