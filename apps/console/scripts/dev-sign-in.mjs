// Development sign-in, served by the console's own server (Vite dev or preview), never by a
// production deployment: the browser picks a role and a department and gets a token signed with
// the platform's development secret (AUTH_JWT_SECRET), as `npm run token` prints one.
//
//   GET  /console-config.json  → { signIn: 'development' | 'oidc', oidc? }
//   POST /dev/token  { sub, roles, department? } → { token, expiresIn }
//
// The token endpoint exists only when NODE_ENV is not `production` and AUTH_JWT_SECRET is set.
/* global Buffer */
import { TextEncoder } from 'node:util';
import { SignJWT } from 'jose';

// CONTRACT.md, "Auth".
export const ROLES = [
  'channel',
  'agent',
  'supervisor',
  'department_head',
  'legal',
  'analyst',
  'admin',
];
const DEPARTMENT = /^[a-z][a-z0-9-]{0,63}$/;
const SUBJECT = /^[A-Za-z0-9._@-]{1,64}$/;
const MAX_BODY = 4096;
const EXPIRES_IN = '8h';

/** What the single-page application reads at start to know how to sign in. */
export function consoleConfig(env = process.env) {
  if (devSignInEnabled(env)) return { signIn: 'development' };
  return {
    signIn: 'oidc',
    oidc: {
      issuer: env.CONSOLE_OIDC_ISSUER ?? '',
      clientId: env.CONSOLE_OIDC_CLIENT_ID ?? '',
      scope: env.CONSOLE_OIDC_SCOPE ?? 'openid profile',
    },
  };
}

export function devSignInEnabled(env = process.env) {
  return env.NODE_ENV !== 'production' && Boolean(env.AUTH_JWT_SECRET);
}

function send(res, status, body, type = 'application/json') {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}

function problem(res, status, title, errors) {
  send(
    res,
    status,
    { type: 'about:blank', title, status, ...(errors ? { errors } : {}) },
    'application/problem+json',
  );
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The field errors of a token request, empty when it is valid. */
export function tokenRequestErrors(body) {
  const errors = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ field: '', message: 'the body must be a JSON object' }];
  }
  const allowed = new Set(['sub', 'roles', 'department']);
  for (const key of Object.keys(body)) {
    if (!allowed.has(key)) errors.push({ field: key, message: `${key} is not a known field` });
  }
  if (typeof body.sub !== 'string' || !SUBJECT.test(body.sub)) {
    errors.push({ field: 'sub', message: 'sub must be 1–64 letters, digits or ._@-' });
  }
  if (
    !Array.isArray(body.roles) ||
    body.roles.length === 0 ||
    body.roles.some((role) => !ROLES.includes(role))
  ) {
    errors.push({
      field: 'roles',
      message: `roles must be a non-empty list of ${ROLES.join(', ')}`,
    });
  }
  if (
    body.department !== undefined &&
    (typeof body.department !== 'string' || !DEPARTMENT.test(body.department))
  ) {
    errors.push({
      field: 'department',
      message: 'department must be a department key such as quality',
    });
  }
  return errors;
}

/**
 * A connect-style middleware for the two paths above; others go to `next`. The environment is
 * read once, here: Vite's preview sets NODE_ENV=production in its own process afterwards.
 */
export function devSignInMiddleware(env = process.env) {
  const enabled = devSignInEnabled(env);
  const config = consoleConfig(env);
  const secret = enabled ? new TextEncoder().encode(env.AUTH_JWT_SECRET) : undefined;
  return async (req, res, next) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/console-config.json' && req.method === 'GET') {
      send(res, 200, config);
      return;
    }
    if (path !== '/dev/token') {
      next();
      return;
    }
    if (!secret) {
      problem(res, 404, 'Development sign-in is not available here');
      return;
    }
    if (req.method !== 'POST') {
      problem(res, 405, 'Use POST');
      return;
    }
    let body;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      problem(res, 400, 'The body must be JSON of at most 4 kB', [
        { field: '', message: 'invalid JSON' },
      ]);
      return;
    }
    const errors = tokenRequestErrors(body);
    if (errors.length > 0) {
      problem(res, 400, 'Invalid sign-in request', errors);
      return;
    }
    const token = await new SignJWT({
      roles: [...new Set(body.roles)],
      ...(body.department ? { department: body.department } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(body.sub)
      .setIssuedAt()
      .setExpirationTime(EXPIRES_IN)
      .sign(secret);
    send(res, 200, { token, expiresIn: EXPIRES_IN });
  };
}

/** The same as a Vite plugin, for `vite` (dev) and `vite preview`. */
export function devSignInPlugin(env = process.env) {
  const middleware = devSignInMiddleware(env);
  return {
    name: 'redress-dev-sign-in',
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}
