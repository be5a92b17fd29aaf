import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';

/**
 * A small OpenID Connect provider for the console's browser tests, made with jose: discovery,
 * a key set, a sign-in page, the authorization code flow with PKCE (S256 only, as a public
 * client must use it) and an end-session endpoint. Its access tokens are RS256 JWTs with the
 * claims the services read (`sub`, `roles`, `department`), for the audience they expect.
 * Everything it saw is kept for the tests' assertions.
 */
export interface TestUser {
  password: string;
  roles: string[];
  department?: string;
}

export interface OidcProvider {
  issuer: string;
  jwksUrl: string;
  audience: string;
  clientId: string;
  /** Token requests answered, with whether their PKCE verifier matched. */
  tokenRequests: Array<{ clientId: string; pkce: boolean; granted: boolean }>;
  /** Authorization requests: the method of the code challenge each carried. */
  authorizations: Array<{ codeChallengeMethod: string | undefined }>;
  signOuts: number;
  stop(): Promise<void>;
}

interface Pending {
  clientId: string;
  redirectUri: string;
  state: string;
  nonce?: string;
  codeChallenge: string;
  scope: string;
}

interface Grant extends Pending {
  sub: string;
  expiresAt: number;
}

const ACCESS_TOKEN_SECONDS = 900;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

export async function startOidcProvider(options: {
  clientId: string;
  /** The console's origin: its callback and its start page are the only redirects allowed. */
  consoleOrigin: () => string;
  audience: string;
  users: Record<string, TestUser>;
}): Promise<OidcProvider> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const pending = new Map<string, Pending>();
  const codes = new Map<string, Grant>();
  const record: Pick<OidcProvider, 'tokenRequests' | 'authorizations' | 'signOuts'> = {
    tokenRequests: [],
    authorizations: [],
    signOuts: 0,
  };
  let issuer = '';

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-store',
      // The console's browser code reads discovery and calls the token endpoint across origins.
      'Access-Control-Allow-Origin': '*',
    });
    res.end(JSON.stringify(body));
  };

  const loginPage = (res: ServerResponse, request: string, error?: string) => {
    res.writeHead(error ? 401 : 200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><title>Test identity provider</title></head>
<body><main><h1>Test identity provider</h1>
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/authorize">
<input type="hidden" name="request" value="${escape(request)}">
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Log in</button>
</form></main></body></html>`);
  };

  const authorize = (url: URL, res: ServerResponse) => {
    const q = url.searchParams;
    record.authorizations.push({
      codeChallengeMethod: q.get('code_challenge_method') ?? undefined,
    });
    const redirectUri = q.get('redirect_uri') ?? '';
    if (q.get('client_id') !== options.clientId) return json(res, 400, { error: 'invalid_client' });
    if (redirectUri !== `${options.consoleOrigin()}/auth/callback`)
      return json(res, 400, { error: 'invalid_request', error_description: 'redirect_uri' });
    if (q.get('response_type') !== 'code')
      return json(res, 400, { error: 'unsupported_response_type' });
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge'))
      return json(res, 400, { error: 'invalid_request', error_description: 'PKCE S256 required' });
    const id = randomUUID();
    pending.set(id, {
      clientId: options.clientId,
      redirectUri,
      state: q.get('state') ?? '',
      ...(q.get('nonce') ? { nonce: q.get('nonce') ?? '' } : {}),
      codeChallenge: q.get('code_challenge') ?? '',
      scope: q.get('scope') ?? 'openid',
    });
    loginPage(res, id);
  };

  const logIn = async (req: IncomingMessage, res: ServerResponse) => {
    const form = await readForm(req);
    const request = pending.get(form.get('request') ?? '');
    if (!request) return json(res, 400, { error: 'invalid_request' });
    const username = form.get('username') ?? '';
    const user = options.users[username];
    if (!user || user.password !== form.get('password')) {
      return loginPage(res, form.get('request') ?? '', 'Unknown username or wrong password.');
    }
    pending.delete(form.get('request') ?? '');
    const code = randomBytes(24).toString('base64url');
    codes.set(code, { ...request, sub: username, expiresAt: Date.now() + 60_000 });
    const back = new URL(request.redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', request.state);
    res.writeHead(302, { Location: back.toString() });
    res.end();
  };

  const token = async (req: IncomingMessage, res: ServerResponse) => {
    const form = await readForm(req);
    const grant = codes.get(form.get('code') ?? '');
    codes.delete(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const pkce =
      grant !== undefined &&
      createHash('sha256').update(verifier).digest('base64url') === grant.codeChallenge;
    const granted =
      grant !== undefined &&
      pkce &&
      form.get('grant_type') === 'authorization_code' &&
      form.get('client_id') === grant.clientId &&
      form.get('redirect_uri') === grant.redirectUri &&
      grant.expiresAt > Date.now();
    record.tokenRequests.push({ clientId: form.get('client_id') ?? '', pkce, granted });
    if (!grant || !granted) return json(res, 400, { error: 'invalid_grant' });
    const user = options.users[grant.sub];
    const claims = {
      roles: user?.roles ?? [],
      ...(user?.department ? { department: user.department } : {}),
    };
    const accessToken = await new SignJWT({
      ...claims,
      scope: grant.scope,
      client_id: grant.clientId,
    })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt' })
      .setIssuer(issuer)
      .setAudience(options.audience)
      .setSubject(grant.sub)
      .setIssuedAt()
      .setExpirationTime(`${ACCESS_TOKEN_SECONDS}s`)
      .setJti(randomUUID())
      .sign(privateKey);
    const idToken = await new SignJWT({
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
      name: grant.sub,
    })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(issuer)
      .setAudience(grant.clientId)
      .setSubject(grant.sub)
      .setIssuedAt()
      .setExpirationTime(`${ACCESS_TOKEN_SECONDS}s`)
      .sign(privateKey);
    json(res, 200, {
      access_token: accessToken,
      id_token: idToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
      scope: grant.scope,
    });
  };

  const endSession = (url: URL, res: ServerResponse) => {
    const back = url.searchParams.get('post_logout_redirect_uri') ?? '';
    if (back !== `${options.consoleOrigin()}/`)
      return json(res, 400, {
        error: 'invalid_request',
        error_description: 'post_logout_redirect_uri',
      });
    record.signOuts += 1;
    const target = new URL(back);
    const state = url.searchParams.get('state');
    if (state) target.searchParams.set('state', state);
    res.writeHead(302, { Location: target.toString() });
    res.end();
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const route = `${req.method} ${url.pathname}`;
    const fail = (error: unknown) => json(res, 500, { error: String(error) });
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Headers': 'Content-Type, Authorization',
        'Access-Control-Allow-Methods': 'GET, POST',
      });
      return res.end();
    }
    switch (route) {
      case 'GET /.well-known/openid-configuration':
        return json(res, 200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          end_session_endpoint: `${issuer}/logout`,
          response_types_supported: ['code'],
          grant_types_supported: ['authorization_code'],
          code_challenge_methods_supported: ['S256'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['none'],
        });
      case 'GET /jwks':
        return json(res, 200, { keys: [jwk] });
      case 'GET /authorize':
        return authorize(url, res);
      case 'POST /authorize':
        return void logIn(req, res).catch(fail);
      case 'POST /token':
        return void token(req, res).catch(fail);
      case 'GET /logout':
        return endSession(url, res);
      default:
        return json(res, 404, { error: 'not_found' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    audience: options.audience,
    clientId: options.clientId,
    get tokenRequests() {
      return record.tokenRequests;
    },
    get authorizations() {
      return record.authorizations;
    },
    get signOuts() {
      return record.signOuts;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
