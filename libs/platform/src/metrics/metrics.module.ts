import { Controller, Get, Global, Inject, Module, Res, type DynamicModule } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { Public } from '../auth/auth.decorators';
import { clusterMetrics } from '../bootstrap/service-processes';
import { createHttpMetrics } from './http-metrics';

export type { HttpMetricsHook } from './http-metrics';

/** The service's prom-client `Registry`; inject it to add counters and gauges. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
/** The request-duration hook; `configureServiceApp` installs it ahead of the body parser. */
export const HTTP_METRICS = Symbol('HTTP_METRICS');
/** What `GET /metrics` answers: this process's registry, or every worker's added together. */
const METRICS_TEXT = Symbol('METRICS_TEXT');

export interface MetricsModuleOptions {
  service: string;
  /** Process metrics (CPU, memory, event loop, GC); on by default. */
  defaultMetrics?: boolean;
}

@ApiTags('operations')
@Controller()
export class MetricsController {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(METRICS_TEXT) private readonly text: () => Promise<string>,
  ) {}

  @Public()
  @Get('metrics')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format.' })
  async metrics(@Res() reply: FastifyReply): Promise<void> {
    const body = await this.text();
    void reply
      .header('Content-Type', this.registry.contentType)
      .header('Cache-Control', 'no-store')
      .send(body);
  }
}

/**
 * `GET /metrics` in Prometheus text. A registry per application (not prom-client's global one),
 * labelled with the service, so tests and several apps in one process never collide. In one of
 * several workers of a service (`SERVICE_WORKERS`), the answer adds up every worker's metrics.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsModuleOptions): DynamicModule {
    const registry = new Registry();
    registry.setDefaultLabels({ service: options.service });
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_REGISTRY, useValue: registry },
        { provide: HTTP_METRICS, useValue: createHttpMetrics(registry) },
        {
          provide: METRICS_TEXT,
          useValue: clusterMetrics(registry) ?? (() => registry.metrics()),
        },
      ],
      exports: [METRICS_REGISTRY, HTTP_METRICS],
    };
  }
}
