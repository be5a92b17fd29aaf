/** The services as the console reaches them: /api/<service>/…, routed by its server or Ingress. */
export type Service = 'intake' | 'triage' | 'resolution' | 'follow-up' | 'analytics';

export interface FieldError {
  field: string;
  message: string;
}

/** An answer that is not 2xx, carrying the problem+json document when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldError[],
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

export interface Session {
  token: string;
  sub: string;
  roles: string[];
  department?: string;
  expiresAt: number;
}

const SESSION_KEY = 'redress.session';
let onSignedOut: (() => void) | undefined;

export function whenSignedOut(callback: () => void): void {
  onSignedOut = callback;
}

function decodeClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const parsed: unknown = JSON.parse(json);
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
}

/** A session from a bearer token; the services check the signature, this only reads claims. */
export function sessionOf(token: string): Session {
  const claims = decodeClaims(token);
  return {
    token,
    sub: typeof claims.sub === 'string' ? claims.sub : '',
    roles: Array.isArray(claims.roles) ? claims.roles.filter((r) => typeof r === 'string') : [],
    ...(typeof claims.department === 'string' ? { department: claims.department } : {}),
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : Date.now() + 3_600_000,
  };
}

export function loadSession(): Session | undefined {
  const token = sessionStorage.getItem(SESSION_KEY);
  if (!token) return undefined;
  const session = sessionOf(token);
  return session.expiresAt > Date.now() ? session : undefined;
}

export function saveSession(token: string): Session {
  sessionStorage.setItem(SESSION_KEY, token);
  return sessionOf(token);
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

async function problemOf(response: Response): Promise<ApiError> {
  let title = response.statusText || `HTTP ${response.status}`;
  let detail: string | undefined;
  let errors: FieldError[] = [];
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null) {
      const doc = body as Record<string, unknown>;
      if (typeof doc.title === 'string') title = doc.title;
      if (typeof doc.detail === 'string') detail = doc.detail;
      if (Array.isArray(doc.errors)) {
        errors = doc.errors.filter(
          (e): e is FieldError =>
            typeof e === 'object' && e !== null && typeof (e as FieldError).field === 'string',
        );
      }
    }
  } catch {
    // Not JSON (a proxy's error page): the status line says enough.
    detail = undefined;
  }
  return new ApiError(response.status, title, detail, errors);
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  headers?: Record<string, string>;
  idempotencyKey?: string;
  /** Without the session's token (the public status page). */
  anonymous?: boolean;
}

/** One call to a service's public API; `status` and the JSON body, or an ApiError. */
export async function call<T>(
  service: Service,
  path: string,
  options: CallOptions = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (!options.anonymous) {
    const session = loadSession();
    if (session) headers.Authorization = `Bearer ${session.token}`;
  }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  const response = await fetch(`/api/${service}${path}`, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  if (!response.ok) {
    if (response.status === 401 && !options.anonymous) {
      clearSession();
      onSignedOut?.();
    }
    throw await problemOf(response);
  }
  const body = (response.status === 204 ? undefined : await response.json()) as T;
  return { status: response.status, body };
}
