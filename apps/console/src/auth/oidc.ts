import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { clearSession, saveSession, type Session } from '../api/client';

/**
 * What /console-config.json says (the console's server or the image's nginx answers it): the
 * development sign-in on a developer's machine, else the organisation's identity provider.
 */
export interface ConsoleConfig {
  signIn: 'development' | 'oidc';
  oidc?: { issuer: string; clientId: string; scope?: string };
}

/** Where the identity provider sends the browser back with the authorization code. */
export const CALLBACK_PATH = '/auth/callback';

let config: Promise<ConsoleConfig> | undefined;

/** The runtime configuration, fetched once; an unreadable one means OIDC (never development). */
export function consoleConfig(): Promise<ConsoleConfig> {
  config ??= fetch('/console-config.json', { cache: 'no-store' })
    .then(async (r) => (r.ok ? ((await r.json()) as ConsoleConfig) : { signIn: 'oidc' as const }))
    .catch(() => ({ signIn: 'oidc' as const }));
  return config;
}

let manager: UserManager | undefined;

/**
 * oidc-client-ts's authorization code flow with PKCE (S256): it reads the provider's discovery
 * document, keeps the code verifier and state in sessionStorage for the round trip, and checks
 * the state on return. Undefined when the configuration names no issuer or client.
 */
function userManager(cfg: ConsoleConfig): UserManager | undefined {
  if (!cfg.oidc?.issuer || !cfg.oidc.clientId) return undefined;
  manager ??= new UserManager({
    authority: cfg.oidc.issuer,
    client_id: cfg.oidc.clientId,
    redirect_uri: `${window.location.origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${window.location.origin}/`,
    response_type: 'code',
    scope: cfg.oidc.scope || 'openid profile',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    // The session ends with the access token; the next sign-in is one redirect away.
    automaticSilentRenew: false,
    loadUserInfo: false,
  });
  return manager;
}

/** Whether sign-in through the identity provider can start with this configuration. */
export function oidcConfigured(cfg: ConsoleConfig): boolean {
  return userManager(cfg) !== undefined;
}

/** Sends the browser to the identity provider's sign-in page. */
export async function startSignIn(cfg: ConsoleConfig): Promise<void> {
  const users = userManager(cfg);
  if (!users) throw new Error('OIDC is not configured');
  await users.signinRedirect();
}

/**
 * Back from the identity provider: exchanges the code (with the PKCE verifier) for tokens. The
 * access token is what the services verify (their AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE);
 * its `sub`, `roles` and `department` claims are the session's, as the services read them.
 */
export async function completeSignIn(): Promise<Session> {
  const users = userManager(await consoleConfig());
  if (!users) throw new Error('OIDC is not configured');
  const user = await users.signinRedirectCallback();
  return saveSession(user.access_token);
}

/**
 * Ends the console's session; with OIDC also the identity provider's (its end-session endpoint,
 * which sends the browser back to the console's start), when the provider offers one.
 */
export async function signOut(): Promise<void> {
  clearSession();
  const cfg = await consoleConfig();
  const users = cfg.signIn === 'oidc' ? userManager(cfg) : undefined;
  if (!users) return;
  const user = await users.getUser();
  if (!user) return;
  try {
    await users.signoutRedirect({ id_token_hint: user.id_token });
  } catch {
    // No end-session endpoint: the console's own session is gone, which is what matters here.
    await users.removeUser();
  }
}
