import { AppShell, Button, Group, SegmentedControl, Text, Title } from '@mantine/core';
import { lazy, Suspense, useEffect, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Switch, useLocation } from 'wouter';
import { loadSession, whenSignedOut, type Session } from './api/client';
import { ErrorBoundary } from './ErrorBoundary';
import { setLanguage, type Language } from './i18n';
import { QueuePage } from './pages/QueuePage';
import { approvesPlans, readsReviewQueue } from './pages/roles';

const RELOADED_FOR_CHUNK = 'redress.reloadedForChunk';

/** A page that loads when first opened, from a chunk of its own: the first load carries the
 * queue (where a signed-in desk lands) and the shell alone, so it is interactive sooner (issue
 * 17's benchmark, docs/benchmarks.md). A chunk that cannot be fetched usually means a new version
 * was deployed since the console was opened (the old chunks are gone): the console reloads once,
 * which fetches the new version; a second failure reaches the error boundary. */
function onDemand<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => {
    try {
      const page = await load();
      sessionStorage.removeItem(RELOADED_FOR_CHUNK);
      return { default: page };
    } catch (error) {
      if (sessionStorage.getItem(RELOADED_FOR_CHUNK)) throw error;
      sessionStorage.setItem(RELOADED_FOR_CHUNK, String(Date.now()));
      window.location.reload();
      // The page is going away; the fallback shows until it does.
      return new Promise<never>(() => undefined);
    }
  });
}

const RegisterPage = onDemand(() => import('./pages/RegisterPage').then((m) => m.RegisterPage));
const ApprovalsPage = onDemand(() => import('./pages/ApprovalsPage').then((m) => m.ApprovalsPage));
const ReviewQueuePage = onDemand(() =>
  import('./pages/ReviewQueuePage').then((m) => m.ReviewQueuePage),
);
const CasePage = onDemand(() => import('./pages/CasePage').then((m) => m.CasePage));
const FollowUpsPage = onDemand(() => import('./pages/FollowUpsPage').then((m) => m.FollowUpsPage));
const FollowUpPage = onDemand(() => import('./pages/FollowUpPage').then((m) => m.FollowUpPage));
const CaseLibraryPage = onDemand(() =>
  import('./pages/CaseLibraryPage').then((m) => m.CaseLibraryPage),
);
const StatusPage = onDemand(() => import('./pages/StatusPage').then((m) => m.StatusPage));
const SignInPage = onDemand(() => import('./pages/SignInPage').then((m) => m.SignInPage));
// With their chart library (@mantine/charts and recharts).
const AnalyticsPage = onDemand(() =>
  import('./pages/analytics/AnalyticsPage').then((m) => m.AnalyticsPage),
);
const MonthlyReportPage = onDemand(() =>
  import('./pages/analytics/MonthlyReportPage').then((m) => m.MonthlyReportPage),
);

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('app.language')}
      value={i18n.language === 'zh-CN' ? 'zh-CN' : 'en'}
      onChange={(value) => setLanguage(value as Language)}
      data={[
        { value: 'zh-CN', label: '中文' },
        { value: 'en', label: 'English' },
      ]}
    />
  );
}

export function App() {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const [location] = useLocation();

  useEffect(() => whenSignedOut(() => setSession(undefined)), []);
  useEffect(() => {
    document.title = t('app.title');
  }, [t]);

  const signOut = () => {
    setSession(undefined);
    // The identity provider's client (oidc-client-ts) is in the sign-in page's chunk.
    void import('./auth/oidc').then((oidc) => oidc.signOut());
  };
  const isPublic = location.startsWith('/status');

  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Title order={1} size="h4" style={{ whiteSpace: 'nowrap' }}>
              {t('app.title')}
            </Title>
            {session && !isPublic && (
              <nav aria-label={t('app.title')}>
                {/* Eight links and the user's name fit one line at 1280 pixels in either language. */}
                <Group gap="sm" fz="sm" wrap="nowrap" style={{ whiteSpace: 'nowrap' }}>
                  <Link href="/register">{t('nav.register')}</Link>
                  <Link href="/queue">{t('nav.queue')}</Link>
                  {approvesPlans(session) && (
                    <Link href="/approvals">{t('casework.nav.approvals')}</Link>
                  )}
                  {readsReviewQueue(session) && (
                    <Link href="/review">{t('casework.nav.review')}</Link>
                  )}
                  <Link href="/follow-ups">{t('desk.nav.followUps')}</Link>
                  <Link href="/library">{t('desk.nav.library')}</Link>
                  <Link href="/analytics">{t('desk.nav.analytics')}</Link>
                  <Link href="/status">{t('nav.status')}</Link>
                </Group>
              </nav>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            {session && !isPublic && (
              <>
                <Text size="sm" data-testid="signed-in-as" truncate="end" maw={280}>
                  {session.sub} · {session.roles.map((r) => t(`roles.${r}`)).join(', ')}
                  {session.department
                    ? ` · ${t(`departments.${session.department}`, session.department)}`
                    : ''}
                </Text>
                <Button size="xs" variant="default" onClick={signOut}>
                  {t('app.signOut')}
                </Button>
              </>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main id="main">
        <ErrorBoundary resetKey={location}>
          <Suspense fallback={<Text>{t('desk.loading')}</Text>}>
            <Switch>
              <Route path="/status" component={StatusPage} />
              <Route>
                {session ? (
                  <Switch>
                    <Route path="/register" component={RegisterPage} />
                    <Route path="/approvals" component={ApprovalsPage} />
                    <Route path="/review">
                      <ReviewQueuePage session={session} />
                    </Route>
                    <Route path="/cases/:id">
                      {(params) => <CasePage id={params.id} session={session} />}
                    </Route>
                    <Route path="/follow-ups">
                      <FollowUpsPage session={session} />
                    </Route>
                    <Route path="/follow-ups/:id">
                      {(params) => <FollowUpPage id={params.id} session={session} />}
                    </Route>
                    <Route path="/library" component={CaseLibraryPage} />
                    <Route path="/analytics">
                      <AnalyticsPage session={session} />
                    </Route>
                    <Route path="/analytics/report">
                      <MonthlyReportPage session={session} />
                    </Route>
                    <Route>
                      <QueuePage session={session} />
                    </Route>
                  </Switch>
                ) : (
                  <SignInPage onSignedIn={setSession} />
                )}
              </Route>
            </Switch>
          </Suspense>
        </ErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}
