import { Alert, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../api/client';
import { formatTime } from '../time';
import { errorText } from './lists';

interface PublicStatus {
  trackingNo: string;
  stage: string;
  stageChangedAt: string;
  lastUpdatedAt: string;
  promisedBy?: string;
  message: string;
}

/** The customer's page: no sign-in, the access code in the X-Access-Code header (CONTRACT.md). */
export function StatusPage() {
  const { t, i18n } = useTranslation();
  const [trackingNo, setTrackingNo] = useState('');
  const [accessCode, setAccessCode] = useState('');
  const [status, setStatus] = useState<PublicStatus | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setStatus(undefined);
    try {
      const { body } = await call<PublicStatus>(
        'intake',
        `/public/complaints/${encodeURIComponent(trackingNo.trim())}`,
        {
          anonymous: true,
          headers: {
            'X-Access-Code': accessCode.trim(),
            'Accept-Language': i18n.language.startsWith('zh') ? 'zh' : 'en',
          },
        },
      );
      setStatus(body);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 400))
        setError(t('status.notFound'));
      else if (e instanceof ApiError && e.status === 429) setError(t('status.tooMany'));
      else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper maw={520} mx="auto" mt="xl" p="lg" withBorder>
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <Title order={2}>{t('status.title')}</Title>
          <Text size="sm">{t('status.intro')}</Text>
          <TextInput
            label={t('status.trackingNo')}
            value={trackingNo}
            onChange={(e) => setTrackingNo(e.currentTarget.value)}
            required
          />
          <TextInput
            label={t('status.accessCode')}
            value={accessCode}
            onChange={(e) => setAccessCode(e.currentTarget.value)}
            required
            autoComplete="off"
          />
          <Button type="submit" loading={busy}>
            {t('status.submit')}
          </Button>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          {status && (
            <Stack gap="xs" data-testid="public-status">
              <Text fw={700}>
                {t('status.stage')}: {t(`stages.${status.stage}`, status.stage)}
              </Text>
              <Text>{status.message}</Text>
              {status.promisedBy && (
                <Text>
                  {t('status.promisedBy')}: {formatTime(status.promisedBy, i18n.language)}
                </Text>
              )}
              <Text size="sm">
                {t('status.lastUpdated')}: {formatTime(status.lastUpdatedAt, i18n.language)}
              </Text>
            </Stack>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
