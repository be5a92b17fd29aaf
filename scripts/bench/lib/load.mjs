// The two kinds of load the benchmark puts on a service:
//
// closedLoop: autocannon with N connections, each sending its next request as soon as the
//   previous answer arrived: the service's maximum throughput at that concurrency.
// openLoop: requests sent at a fixed rate, evenly spaced (every 2 ms at 500/s), whatever the
//   service answers: latency as a channel sees it at that rate. Latency counts from the moment a
//   request was due, so a generator or a service falling behind cannot hide it (no coordinated
//   omission). autocannon's own `overallRate` is not used for this: it lets every connection send
//   its whole per-second quota back-to-back at the top of each second, which measures bursts, and
//   it pads its histogram with a 1 ms expected interval when the per-connection rate exceeds 1/s.
//
// Both count only the expected status (201 Created) as a success and report every other status,
// connection errors and timeouts.
import { Buffer } from 'node:buffer';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import { URL } from 'node:url';
import autocannon from 'autocannon';

function newTally() {
  return { statuses: {}, ok: 0, latencies: [], errors: 0, timeouts: 0 };
}

function count(tally, status, expected) {
  tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
  if (status === expected) tally.ok += 1;
}

/** Non-expected answers, errors and timeouts, for the loud warnings. */
export function failuresOf(result) {
  const unexpected = Object.entries(result.statuses)
    .filter(([status]) => Number(status) !== result.expectedStatus)
    .reduce((sum, [, n]) => sum + n, 0);
  return { unexpected, errors: result.errors, timeouts: result.timeouts };
}

/**
 * `connections` keep one request each in flight for `durationS` seconds. Returns the expected
 * answers per second, their latency samples (ms), every status's count, errors and timeouts.
 * Each request has the body `nextBody()`, or, with `nextRequest`, the path, body and headers
 * `nextRequest()` gives (`{ path, body?, headers? }`, headers added to `headers`): requests that
 * differ in more than their body (the resource in the path, a caller's token).
 */
export function closedLoop({
  url,
  path,
  method = 'POST',
  headers,
  nextBody,
  nextRequest,
  connections,
  durationS,
  expectedStatus = 201,
  timeoutS = 10,
  onInstance = () => undefined,
}) {
  const tally = newTally();
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const instance = autocannon(
      {
        url,
        connections,
        duration: durationS,
        timeout: timeoutS,
        requests: [
          {
            method,
            path,
            headers,
            setupRequest: (request) => {
              if (!nextRequest) return { ...request, body: nextBody() };
              const next = nextRequest();
              return {
                ...request,
                path: next.path,
                ...(next.body !== undefined ? { body: next.body } : {}),
                headers: { ...request.headers, ...next.headers },
              };
            },
          },
        ],
      },
      (error, result) => {
        onInstance(undefined);
        if (error) {
          reject(error);
          return;
        }
        const elapsedS = result.duration || (Date.now() - startedAt) / 1000;
        resolve({
          kind: 'closed-loop',
          connections,
          durationS: elapsedS,
          startedAt,
          finishedAt: Date.now(),
          expectedStatus,
          sent: result.totalRequests,
          answered: result.totalCompletedRequests,
          ok: tally.ok,
          okPerSecond: tally.ok / elapsedS,
          statuses: tally.statuses,
          errors: result.errors,
          timeouts: result.timeouts,
          latencies: tally.latencies,
        });
      },
    );
    onInstance(instance);
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      count(tally, statusCode, expectedStatus);
      if (statusCode === expectedStatus) tally.latencies.push(responseTimeMs);
    });
  });
}

/**
 * Sends `rate` requests per second, evenly spaced, for `durationS` seconds over at most
 * `maxSockets` keep-alive connections; waits for the last answer. Latencies (ms) count from the
 * moment each request was due; `sendLagMs` says how late the generator itself was.
 */
export function openLoop({
  url,
  path,
  method = 'POST',
  headers,
  nextBody,
  rate,
  durationS,
  expectedStatus = 201,
  maxSockets = 64,
  timeoutMs = 10_000,
  isStopped = () => false,
}) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  const tally = newTally();
  const fromSend = [];
  const total = Math.round(rate * durationS);
  const intervalMs = 1000 / rate;
  let issued = 0;
  let settled = 0;
  let maxSendLagMs = 0;
  let lastAnswerAt = 0;

  return new Promise((resolve) => {
    const start = performance.now();
    const startedAt = Date.now();

    const finish = () => {
      agent.destroy();
      const elapsedS = (lastAnswerAt - start) / 1000;
      resolve({
        kind: 'open-loop',
        rate,
        durationS: elapsedS,
        startedAt,
        finishedAt: Date.now(),
        expectedStatus,
        sent: issued,
        answered: Object.values(tally.statuses).reduce((a, b) => a + b, 0),
        ok: tally.ok,
        okPerSecond: elapsedS > 0 ? tally.ok / elapsedS : 0,
        statuses: tally.statuses,
        errors: tally.errors,
        timeouts: tally.timeouts,
        latencies: tally.latencies,
        latenciesFromSend: fromSend,
        maxSendLagMs,
      });
    };

    const settle = () => {
      settled += 1;
      lastAnswerAt = performance.now();
      if (settled === issued && (issued === total || isStopped())) finish();
    };

    const fire = (dueAt) => {
      const body = nextBody();
      const sentAt = performance.now();
      maxSendLagMs = Math.max(maxSendLagMs, sentAt - dueAt);
      let done = false;
      const once = (fn) => {
        if (done) return;
        done = true;
        fn();
        settle();
      };
      const request = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path,
          method,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
          timeout: timeoutMs,
        },
        (response) => {
          response.on('data', () => undefined);
          response.on('end', () =>
            once(() => {
              const now = performance.now();
              count(tally, response.statusCode, expectedStatus);
              if (response.statusCode === expectedStatus) {
                tally.latencies.push(now - dueAt);
                fromSend.push(now - sentAt);
              }
            }),
          );
          response.on('error', () => once(() => (tally.errors += 1)));
        },
      );
      request.on('timeout', () => {
        once(() => (tally.timeouts += 1));
        request.destroy();
      });
      request.on('error', () => once(() => (tally.errors += 1)));
      request.end(body);
    };

    const tick = () => {
      if (isStopped()) {
        if (settled === issued) finish();
        return;
      }
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - start) / intervalMs) + 1);
      while (issued < due) {
        const dueAt = start + issued * intervalMs;
        issued += 1;
        fire(dueAt);
      }
      if (issued < total) {
        setTimeout(tick, Math.max(0, start + issued * intervalMs - performance.now()));
      }
    };
    tick();
  });
}
