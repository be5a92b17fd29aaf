import { Alert, Button, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '@redress/contracts/enumerations';
import { useLocation } from 'wouter';
import { saveSession, type Session } from '../api/client';
import { DEPARTMENTS } from '../departments';
import {
  CALLBACK_PATH,
  completeSignIn,
  consoleConfig,
  oidcConfigured,
  startSignIn,
  type ConsoleConfig,
} from '../auth/oidc';
import { errorText } from './lists';

// CONTRACT.md, "Auth": the roles come from the contract's enumerations.

export function SignInPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const { t } = useTranslation();
  const [config, setConfig] = useState<ConsoleConfig | undefined>();
  const [sub, setSub] = useState('agent.one');
  const [role, setRole] = useState<string>('agent');
  const [department, setDepartment] = useState<string>('customer-service');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const [location, navigate] = useLocation();
  const returning = location === CALLBACK_PATH;

  useEffect(() => {
    void consoleConfig().then(setConfig);
  }, []);

  // Back from the identity provider: exchange the code once, then on to the queue.
  const exchanged = useRef(false);
  useEffect(() => {
    if (!returning || exchanged.current) return;
    exchanged.current = true;
    completeSignIn().then(
      (session) => {
        navigate('/queue', { replace: true });
        onSignedIn(session);
      },
      () => setError(t('auth.callbackFailed')),
    );
  }, [returning, navigate, onSignedIn, t]);

  const signInWithProvider = async () => {
    if (!config) return;
    setBusy(true);
    setError(undefined);
    try {
      await startSignIn(config);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const response = await fetch('/dev/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ sub, roles: [role], ...(department ? { department } : {}) }),
      });
      const body = (await response.json()) as { token?: string; title?: string };
      if (!response.ok || !body.token) throw new Error(body.title ?? response.statusText);
      onSignedIn(saveSession(body.token));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper maw={420} mx="auto" mt="xl" p="lg" withBorder>
      <Title order={2} mb="sm">
        {t('signIn.title')}
      </Title>
      {config?.signIn === 'development' && (
        <form onSubmit={(e) => void submit(e)}>
          <Stack>
            <Text size="sm">{t('signIn.development')}</Text>
            <TextInput
              label={t('signIn.user')}
              value={sub}
              onChange={(e) => setSub(e.currentTarget.value)}
              required
            />
            <Select
              label={t('signIn.role')}
              value={role}
              onChange={(v) => setRole(v ?? 'agent')}
              data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
              allowDeselect={false}
            />
            <Select
              label={t('signIn.department')}
              value={department}
              onChange={(v) => setDepartment(v ?? '')}
              data={[
                { value: '', label: t('signIn.noDepartment') },
                ...DEPARTMENTS.map((d) => ({ value: d, label: t(`departments.${d}`) })),
              ]}
              allowDeselect={false}
            />
            {error && (
              <Alert color="red" title={t('signIn.failed')}>
                {error}
              </Alert>
            )}
            <Button type="submit" loading={busy}>
              {t('signIn.submit')}
            </Button>
          </Stack>
        </form>
      )}
      {config?.signIn === 'oidc' && returning && !error && (
        <Text size="sm" role="status">
          {t('auth.completing')}
        </Text>
      )}
      {config?.signIn === 'oidc' && (!returning || error) && (
        <Stack>
          <Text size="sm">{t('signIn.oidc')}</Text>
          {!oidcConfigured(config) && (
            <Alert color="red" title={t('signIn.failed')}>
              {t('auth.notConfigured')}
            </Alert>
          )}
          {error && (
            <Alert color="red" title={t('signIn.failed')} role="alert">
              {error}
            </Alert>
          )}
          <Button
            onClick={() => void signInWithProvider()}
            loading={busy}
            disabled={!oidcConfigured(config)}
          >
            {returning ? t('auth.tryAgain') : t('signIn.oidcButton')}
          </Button>
        </Stack>
      )}
    </Paper>
  );
}
