import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { NestMicroservice, type CustomStrategy } from '@nestjs/microservices';
import { HandlerErrorsToConsumer } from './handler-errors.filter';
import type { KafkaEventTransport } from './kafka-event-transport';

/**
 * Makes `app` a hybrid application whose `@EventPattern` handlers are served by `transport`.
 * Call it before `app.init()`; then `app.init()` (the lifecycle hooks), then
 * `app.startAllMicroservices()` (registers the handlers and starts consuming), then listen for
 * HTTP. `createServiceApp` and `initServiceApp` of the platform lib do exactly that.
 *
 * The microservice is connected with deferred initialisation, so that its own global filter
 * (errors go to the consumer unchanged) is in place before Nest wraps the handlers; the
 * application's lifecycle hooks still run once, on `app.init()`, not again when it listens.
 * The application's HTTP pipes, guards and filters do not apply to event handlers.
 */
export function connectEventTransport(
  app: INestApplication,
  transport: KafkaEventTransport,
): INestMicroservice {
  const microservice = app.connectMicroservice<CustomStrategy>(
    { strategy: transport },
    { deferInitialization: true },
  );
  if (!(microservice instanceof NestMicroservice)) {
    throw new Error(
      'connectEventTransport: the application loaded another copy of @nestjs/microservices',
    );
  }
  microservice.setIsInitHookCalled(true);
  microservice.useGlobalFilters(new HandlerErrorsToConsumer());
  return microservice;
}
