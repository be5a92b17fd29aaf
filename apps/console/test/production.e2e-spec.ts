import type { BrowserContext, Page, Request } from 'playwright-core';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { waitFor } from '@redress/testing';
import { launchBrowser, seriousViolations, useLanguage } from './browser';
import { startOidcProvider, type OidcProvider } from './oidc-provider';
import { freePort, startPlatform, type Platform } from './platform';

/**
 * The console as production runs it: its server with NODE_ENV=production (no development
 * sign-in), resolution verifying RS256 tokens against an identity provider's key set. A
 * supervisor signs in through the provider's page (authorization code with PKCE), lands in the
 * queue, whose API calls carry the provider's access token; a page that fails to render shows a
 * recoverable message; sign-out ends the provider's session too.
 */

let provider: OidcProvider;
let platform: Platform;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext;
let page: Page;
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  const consolePort = await freePort();
  provider = await startOidcProvider({
    clientId: 'redress-console',
    audience: 'redress-api',
    consoleOrigin: () => `http://127.0.0.1:${consolePort}`,
    users: {
      'sup.wang': { password: PASSWORD, roles: ['supervisor'], department: 'quality' },
    },
  });
  platform = await startPlatform({
    services: ['resolution'],
    database: 'console_oidc',
    consolePort,
    oidc: {
      issuer: provider.issuer,
      jwksUrl: provider.jwksUrl,
      audience: provider.audience,
      clientId: provider.clientId,
    },
  });
  browser = await launchBrowser();
  context = browser.context;
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  await provider?.stop();
}, 120_000);

test('in production the console offers only the identity provider, never the development sign-in', async () => {
  const config = (await (await fetch(`${platform.consoleUrl}/console-config.json`)).json()) as {
    signIn: string;
    oidc?: { issuer: string; clientId: string };
  };
  expect(config).toMatchObject({
    signIn: 'oidc',
    oidc: { issuer: provider.issuer, clientId: 'redress-console' },
  });
  const devToken = await fetch(`${platform.consoleUrl}/dev/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sub: 'intruder', roles: ['admin'] }),
  });
  expect(devToken.status).toBe(404);

  await page.goto(platform.consoleUrl);
  await useLanguage(page, 'en');
  await page.getByRole('button', { name: 'Sign in with the identity provider' }).waitFor();
  await expect(page.getByLabel('User id').count()).resolves.toBe(0);
  expect(await seriousViolations(page)).toEqual([]);
  await useLanguage(page, 'zh-CN');
  await page.getByRole('button', { name: '通过身份提供方登录' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await useLanguage(page, 'en');
}, 120_000);

test('signs in through the provider with PKCE and calls the services with its RS256 access token', async () => {
  const apiCalls: Request[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/')) apiCalls.push(request);
  });
  await page.getByRole('button', { name: 'Sign in with the identity provider' }).click();
  await page.waitForURL(`${provider.issuer}/authorize?**`);
  expect(provider.authorizations.at(-1)?.codeChallengeMethod).toBe('S256');
  await page.getByLabel('Username').fill('sup.wang');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();

  await page.waitForURL(`${platform.consoleUrl}/queue`);
  await page.getByRole('heading', { level: 2, name: 'Case queue' }).waitFor();
  // Roles and department from the access token's claims, as the services read them.
  await expect(page.getByTestId('signed-in-as').textContent()).resolves.toBe(
    'sup.wang · Supervisor · Quality',
  );
  expect(provider.tokenRequests).toEqual([
    { clientId: 'redress-console', pkce: true, granted: true },
  ]);
  // The code and state are gone from the address bar.
  expect(page.url()).toBe(`${platform.consoleUrl}/queue`);

  await waitFor(async () => apiCalls.some((r) => r.url().includes('/api/resolution/cases')), {
    description: 'the queue to call GET /cases',
    timeoutMs: 15_000,
  });
  const queueCall = apiCalls.find((r) => r.url().includes('/api/resolution/cases'));
  const authorization = (await queueCall?.allHeaders())?.authorization ?? '';
  expect(authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  const token = authorization.slice('Bearer '.length);
  expect(decodeProtectedHeader(token).alg).toBe('RS256');
  expect(decodeJwt(token)).toMatchObject({
    iss: provider.issuer,
    aud: 'redress-api',
    sub: 'sup.wang',
    roles: ['supervisor'],
    department: 'quality',
  });
  // Resolution verified it against the provider's key set and answered.
  expect((await queueCall?.response())?.status()).toBe(200);
  await page.getByText('No case matches.').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
}, 120_000);

test('a page that fails to render shows a recoverable message in both languages, not a blank page', async () => {
  // A service answering with an unexpected shape: a queue row without its id.
  await page.route('**/api/resolution/cases?**', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ items: [{ status: 'open', slaState: 'on_track' }] }),
    }),
  );
  await page.getByRole('button', { name: 'Refresh' }).click();
  const message = page.getByTestId('page-error');
  await message.getByRole('heading', { name: 'This page could not be shown' }).waitFor();
  await expect(message.getAttribute('role')).resolves.toBe('alert');
  // Focus moves to the message, so a screen reader announces it; the header is still there.
  await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
    'This page could not be shown',
  );
  await page.getByRole('link', { name: 'Queue', exact: true }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await useLanguage(page, 'zh-CN');
  await message.getByRole('heading', { name: '此页面无法显示' }).waitFor();
  await message.getByRole('button', { name: '重试' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await useLanguage(page, 'en');

  // The service is right again: "Try again" shows the page.
  await page.unroute('**/api/resolution/cases?**');
  await message.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('heading', { level: 2, name: 'Case queue' }).waitFor();
  await page.getByText('No case matches.').waitFor();
  await expect(message.count()).resolves.toBe(0);
}, 120_000);

test('signs out of the console and of the provider, back at the sign-in page', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await waitFor(() => provider.signOuts === 1, {
    description: "the provider's end-session endpoint",
    timeoutMs: 15_000,
  });
  await page.waitForURL((url) => url.origin === platform.consoleUrl && url.pathname === '/');
  await page.getByRole('button', { name: 'Sign in with the identity provider' }).waitFor();
  const stored = await page.evaluate(() => Object.keys(sessionStorage));
  expect(
    stored.filter((key) => key.startsWith('redress.session') || key.startsWith('oidc.')),
  ).toEqual([]);
  // The services no longer see a token from this tab: the queue asks to sign in again.
  await page.goto(`${platform.consoleUrl}/queue`);
  await page.getByRole('button', { name: 'Sign in with the identity provider' }).waitFor();
}, 120_000);
