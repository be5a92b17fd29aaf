// The demo's HTTP side: development tokens, one request helper (Idempotency-Key, retries of
// what a loaded machine drops, 409 "already in that state" as done), polling with a deadline.
/* global fetch, AbortSignal */
import { setTimeout as sleep } from 'node:timers/promises';
import { TextEncoder } from 'node:util';

export const HOST = process.env.REDRESS_DEMO_HOST || '127.0.0.1';
// CONTRACT.md, "Services, ports, health"; INTAKE_PORT etc. as `npm start` takes them.
export const SERVICES = {
  intake: Number(process.env.INTAKE_PORT || 3001),
  triage: Number(process.env.TRIAGE_PORT || 3002),
  resolution: Number(process.env.RESOLUTION_PORT || 3003),
  'follow-up': Number(process.env.FOLLOWUP_PORT || 3004),
  analytics: Number(process.env.ANALYTICS_PORT || 3005),
};

export class ApiError extends Error {
  constructor(method, path, status, body) {
    const detail = body?.detail ?? body?.title ?? (typeof body === 'string' ? body : '');
    const fields = (body?.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
    super(
      `${method} ${path} answered ${status}${detail ? `: ${detail}` : ''}${fields ? ` (${fields})` : ''}`,
    );
    this.status = status;
    this.body = body;
  }
}

/** Signs development tokens with the secret `npm start` keeps in .run/ (as `npm run token`). */
export async function tokenFactory() {
  const { SignJWT } = await import('jose');
  const { devSecret } = await import('../lib/dev-secrets.mjs');
  const secret = new TextEncoder().encode(devSecret('AUTH_JWT_SECRET'));
  const cache = new Map();
  return async (sub, roles, department) => {
    const id = `${sub}|${roles.join(',')}|${department ?? ''}`;
    if (!cache.has(id)) {
      const jwt = new SignJWT({ roles, ...(department ? { department } : {}) })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime('8h');
      if (process.env.AUTH_ISSUER) jwt.setIssuer(process.env.AUTH_ISSUER);
      if (process.env.AUTH_AUDIENCE) jwt.setAudience(process.env.AUTH_AUDIENCE);
      cache.set(id, await jwt.sign(secret));
    }
    return cache.get(id);
  };
}

const TRANSIENT = new Set([429, 502, 503, 504]);

/**
 * One request. `key` sets Idempotency-Key; a 409 answers `{ conflict }` instead of throwing when
 * `conflictIsDone` (the state is already past this step); 5xx-like answers and dropped
 * connections are tried again a few times, which the Idempotency-Key makes safe.
 */
export async function call(
  service,
  method,
  path,
  { token, body, key, raw, contentType, accept, conflictIsDone = true, notFound } = {},
) {
  const url = `http://${HOST}:${SERVICES[service]}${path}`;
  const headers = { Authorization: `Bearer ${token}` };
  if (key) headers['Idempotency-Key'] = key;
  if (accept) headers.Accept = accept;
  let payload;
  if (raw !== undefined) {
    payload = raw;
    headers['Content-Type'] = contentType;
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  for (let attempt = 1; ; attempt += 1) {
    let response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: payload,
        signal: AbortSignal.timeout(raw !== undefined ? 600_000 : 60_000),
      });
    } catch (error) {
      if (attempt >= 5) throw new Error(`${method} ${path}: ${error.message}`);
      await sleep(500 * attempt);
      continue;
    }
    const text = await response.text();
    let parsed = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text)
      parsed = JSON.parse(text);
    if (response.ok) return parsed;
    if (TRANSIENT.has(response.status) && attempt < 5) {
      await sleep(Number(response.headers.get('retry-after') || 0) * 1000 || 500 * attempt);
      continue;
    }
    if (response.status === 409 && conflictIsDone) return { conflict: parsed };
    if (response.status === 404 && notFound !== undefined) return notFound;
    throw new ApiError(method, path, response.status, parsed);
  }
}

/** Polls `probe` until it returns something, or gives up at the deadline with `undefined`. */
export async function waitFor(probe, { timeoutMs, everyMs = 1000 }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) return undefined;
    await sleep(everyMs);
  }
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function eachLimit(items, limit, work) {
  let next = 0;
  const results = new Array(items.length);
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Every item of a cursor-paged list (`items` and `nextCursor`, as the services page). */
export async function listAll(service, path, token) {
  const items = [];
  let cursor;
  for (let page = 0; page < 100; page += 1) {
    const sep = path.includes('?') ? '&' : '?';
    const answer = await call(
      service,
      'GET',
      `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token },
    );
    items.push(...(answer.items ?? []));
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return items;
}

/** Which services answer ready, by name. */
export async function readiness() {
  const answers = await Promise.all(
    Object.entries(SERVICES).map(async ([name, port]) => {
      try {
        const res = await fetch(`http://${HOST}:${port}/health/ready`, {
          signal: AbortSignal.timeout(3000),
        });
        return [name, res.ok];
      } catch {
        return [name, false];
      }
    }),
  );
  return Object.fromEntries(answers);
}
