import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, statusTitle, type ProblemDetails } from './problem';

/**
 * A request Node's HTTP parser refuses before any middleware sees it (a URL or headers over
 * the 16 kB limit, a malformed request line) is answered by Node with a bare status line. Here
 * it gets a problem document like every other refusal: 431 naming the headers, 400 otherwise.
 */
export function answerClientErrors(server: Pick<Server, 'on'>): void {
  server.on('clientError', answerClientError);
}

/** The `clientError` listener itself (Fastify's `clientErrorHandler`). */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(clientErrorResponse(error.code));
}

/** The raw HTTP/1.1 answer to a request the parser refused with `code`. */
export function clientErrorResponse(code: string | undefined): string {
  const tooLarge = code === 'HPE_HEADER_OVERFLOW';
  const timedOut = code === 'ERR_HTTP_REQUEST_TIMEOUT';
  const status = tooLarge ? 431 : timedOut ? 408 : 400;
  const [field, message] = tooLarge
    ? ['headers', 'the request line and headers together must be under 16 kB']
    : timedOut
      ? ['request', 'did not arrive in time']
      : ['request', 'is not a well-formed HTTP/1.1 request'];
  const problem: ProblemDetails = {
    type: tooLarge || timedOut ? 'about:blank' : PROBLEM_TYPES.validation,
    title: statusTitle(status),
    status,
    detail: `${field}: ${message}`,
    errors: [{ field, message }],
  };
  const body = JSON.stringify(problem);
  return [
    `HTTP/1.1 ${status} ${statusTitle(status)}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
