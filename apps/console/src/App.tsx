import { AppShell, Button, Group, SegmentedControl, Text, Title } from '@mantine/core';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Switch, useLocation } from 'wouter';
import { loadSession, whenSignedOut, type Session } from './api/client';
import { signOut as endSession } from './auth/oidc';
import { ErrorBoundary } from './ErrorBoundary';
import { setLanguage, type Language } from './i18n';
import { ApprovalsPage } from './pages/ApprovalsPage';
import { CaseLibraryPage } from './pages/CaseLibraryPage';
import { CasePage } from './pages/CasePage';
import { FollowUpPage } from './pages/FollowUpPage';
import { FollowUpsPage } from './pages/FollowUpsPage';
import { QueuePage } from './pages/QueuePage';
import { RegisterPage } from './pages/RegisterPage';
import { ReviewQueuePage } from './pages/ReviewQueuePage';
import { SignInPage } from './pages/SignInPage';
import { StatusPage } from './pages/StatusPage';
import { approvesPlans, readsReviewQueue } from './pages/work';

// The analytics pages and their chart library load only when opened: a separate chunk, so the
// first load stays small (issue 17's benchmark, docs/benchmarks.md).
const AnalyticsPage = lazy(() =>
  import('./pages/analytics/AnalyticsPage').then((m) => ({ default: m.AnalyticsPage })),
);
const MonthlyReportPage = lazy(() =>
  import('./pages/analytics/MonthlyReportPage').then((m) => ({ default: m.MonthlyReportPage })),
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
    void endSession();
  };
  const isPublic = location.startsWith('/status');

  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Title order={1} size="h4">
              {t('app.title')}
            </Title>
            {session && !isPublic && (
              <nav aria-label={t('app.title')}>
                <Group gap="md">
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
                <Text size="sm" data-testid="signed-in-as">
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
                    <Suspense fallback={<Text>{t('desk.loading')}</Text>}>
                      <AnalyticsPage session={session} />
                    </Suspense>
                  </Route>
                  <Route path="/analytics/report">
                    <Suspense fallback={<Text>{t('desk.loading')}</Text>}>
                      <MonthlyReportPage session={session} />
                    </Suspense>
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
        </ErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}
