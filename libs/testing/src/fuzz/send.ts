import http from 'node:http';
import type { FuzzRequest } from './request';

export interface FuzzResponse {
  /** 0 when no answer came (connection refused or reset, timeout). */
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
  error?: string;
}

/** Largest answer kept for checking; the rest is read and dropped. */
const MAX_KEPT = 1024 * 1024;

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/**
 * Sends one request as raw HTTP/1.1 (no client-side validation beyond Node's own). A kept-alive
 * connection the server closed while idle is retried once on a new one (Node's documented
 * race); any other failure to get an answer is reported as status 0.
 */
export async function send(
  base: URL,
  request: FuzzRequest,
  timeoutMs: number,
): Promise<FuzzResponse> {
  const first = await attempt(base, request, timeoutMs);
  return first.staleSocket ? attempt(base, request, timeoutMs) : first;
}

function attempt(
  base: URL,
  request: FuzzRequest,
  timeoutMs: number,
): Promise<FuzzResponse & { staleSocket?: boolean }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (response: Omit<FuzzResponse, 'ms'> & { staleSocket?: boolean }) =>
      resolve({ ...response, ms: performance.now() - started });
    let req: http.ClientRequest;
    try {
      req = http.request({
        agent,
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: request.url,
        headers: {
          ...request.headers,
          ...(request.body ? { 'content-length': String(request.body.length) } : {}),
        },
        timeout: timeoutMs,
      });
    } catch (error) {
      // Node refused to send it (an invalid header or path character): not the service's doing.
      done({ status: -1, headers: {}, body: '', error: String(error) });
      return;
    }
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (chunk: Buffer) => {
        if (kept < MAX_KEPT) chunks.push(chunk);
        kept += chunk.length;
      });
      res.on('end', () =>
        done({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', (error) =>
        done({ status: 0, headers: res.headers, body: '', error: error.message }),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error: Error & { code?: string }) =>
      done({
        status: 0,
        headers: {},
        body: '',
        error: error.message,
        staleSocket: req.reusedSocket && error.code === 'ECONNRESET',
      }),
    );
    req.end(request.body);
  });
}
