import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Hands whatever an event handler throws to the transport unchanged. Nest's default RPC filter
 * would log it as an error and replace it with `{ status: 'error', message: 'Internal server
 * error' }`: a `PoisonMessage` would then be retried like a passing failure, the dead letter's
 * `x-dlq-error` would not say why, and every retry would log a stack trace besides the
 * consumer's own warning.
 */
@Catch()
export class HandlerErrorsToConsumer implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
