import { Alert, Button, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '@redress/contracts/enumerations';
import { saveSession, type Session } from '../api/client';

// CONTRACT.md, "Auth": the roles come from the contract's enumerations.
export const DEPARTMENTS = [
  'customer-service',
  'quality',
  'logistics',
  'rnd',
  'property',
  'operations',
  'finance',
];

interface ConsoleConfig {
  signIn: 'development' | 'oidc';
}

export function SignInPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const { t } = useTranslation();
  const [config, setConfig] = useState<ConsoleConfig | undefined>();
  const [sub, setSub] = useState('agent.one');
  const [role, setRole] = useState<string>('agent');
  const [department, setDepartment] = useState<string>('customer-service');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    fetch('/console-config.json')
      .then(async (r) => (r.ok ? ((await r.json()) as ConsoleConfig) : { signIn: 'oidc' as const }))
      .then(setConfig, () => setConfig({ signIn: 'oidc' }));
  }, []);

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
      setError(e instanceof Error ? e.message : String(e));
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
      {config?.signIn === 'oidc' && (
        <Stack>
          <Text size="sm">{t('signIn.oidc')}</Text>
          <Button disabled>{t('signIn.oidcButton')}</Button>
        </Stack>
      )}
    </Paper>
  );
}
