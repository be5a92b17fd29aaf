import {
  Alert,
  Button,
  Checkbox,
  Code,
  Fieldset,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import {
  CHANNELS,
  CUSTOMER_TIERS,
  FLAG_NAMES,
  REMEDIES,
  SUBJECT_TYPES,
} from '@redress/contracts/enumerations';
import { ApiError, call } from '../api/client';
import { formatTime } from '../time';

// CONTRACT.md, "Intake API": the vocabularies of POST /complaints.
const TIERS = CUSTOMER_TIERS;
const FLAGS = FLAG_NAMES;
const SUBJECT_FIELDS = [
  'productSku',
  'productModel',
  'batchNo',
  'orderId',
  'purchaseChannel',
  'staffId',
] as const;

interface Attachment {
  name: string;
  sha256: string;
  url: string;
}

interface Receipt {
  complaintId?: string;
  trackingNo?: string;
  accessCode?: string;
  acknowledgeBy?: string;
  linked?: boolean;
}

type Form = Record<string, string>;

const EMPTY: Form = { channel: 'hotline', subjectType: 'product', language: '' };

/** The request body: only what was filled in, dates as instants in the viewer's time zone. */
export function registrationBody(
  form: Form,
  remedies: string[],
  flags: string[],
  attachments: Attachment[],
) {
  const text = (key: string) => (form[key]?.trim() ? form[key].trim() : undefined);
  const customer = {
    name: text('name'),
    phone: text('phone'),
    email: text('email'),
    externalId: text('externalId'),
    tier: text('tier'),
  };
  const subject: Record<string, string | undefined> = { type: form.subjectType };
  for (const key of SUBJECT_FIELDS) subject[key] = text(key);
  const purchasedAt = text('purchasedAt');
  if (purchasedAt) subject.purchasedAt = purchasedAt;
  const occurredAt = text('occurredAt');
  const count = text('complainantCount');
  return {
    channel: form.channel,
    customer,
    subject,
    title: text('title'),
    description: form.description ?? '',
    desiredRemedies: remedies.length ? remedies : undefined,
    occurredAt: occurredAt ? new Date(occurredAt).toISOString() : undefined,
    region: text('region'),
    language: text('language'),
    complainantCount: count ? Number(count) : undefined,
    flags: flags.length ? Object.fromEntries(flags.map((f) => [f, true])) : undefined,
    attachments: attachments.length ? attachments : undefined,
  };
}

export function RegisterPage() {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState<Form>(EMPTY);
  const [remedies, setRemedies] = useState<string[]>([]);
  const [flags, setFlags] = useState<string[]>([]);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [receipt, setReceipt] = useState<Receipt | undefined>();
  const [busy, setBusy] = useState(false);
  // One key per complaint being registered: a double click or a retry registers it once.
  const [key, setKey] = useState(() => crypto.randomUUID());

  const set = (name: string) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setForm((f) => ({ ...f, [name]: value }));
  };
  const err = (field: string) => errors[field];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(undefined);
    try {
      const { body } = await call<Receipt>('intake', '/complaints', {
        method: 'POST',
        body: registrationBody(form, remedies, flags, attachments),
        idempotencyKey: key,
      });
      setReceipt(body);
    } catch (e) {
      if (e instanceof ApiError) {
        const byField: Record<string, string> = {};
        for (const fe of e.errors) {
          byField[fe.field] = byField[fe.field]
            ? `${byField[fe.field]}; ${fe.message}`
            : fe.message;
        }
        setErrors(byField);
        setFailure(e.message);
      } else setFailure(String(e));
    } finally {
      setBusy(false);
    }
  };

  const again = () => {
    setReceipt(undefined);
    setForm(EMPTY);
    setRemedies([]);
    setFlags([]);
    setAttachments([]);
    setKey(crypto.randomUUID());
  };

  if (receipt) {
    return (
      <Paper maw={640} p="lg" withBorder>
        <Stack>
          <Title order={2}>{t('register.registered')}</Title>
          {receipt.linked && (
            <Alert color="orange" title={t('register.duplicate')} data-testid="duplicate-warning">
              {!receipt.trackingNo && t('register.duplicateHidden')}
            </Alert>
          )}
          {receipt.trackingNo && (
            <>
              <Text>{t('register.readOut')}</Text>
              <Group>
                <Text fw={700}>{t('register.trackingNo')}</Text>
                <Code fz="lg" data-testid="tracking-no">
                  {receipt.trackingNo}
                </Code>
              </Group>
            </>
          )}
          {receipt.accessCode && (
            <Group>
              <Text fw={700}>{t('register.accessCode')}</Text>
              <Code fz="lg" data-testid="access-code">
                {receipt.accessCode}
              </Code>
            </Group>
          )}
          {receipt.acknowledgeBy && (
            <Text>
              {t('register.acknowledgeBy')}: {formatTime(receipt.acknowledgeBy, i18n.language)}
            </Text>
          )}
          <Group>
            {receipt.complaintId && (
              <Link href={`/cases/${receipt.complaintId}`}>{t('register.openCase')}</Link>
            )}
            <Button onClick={again}>{t('register.another')}</Button>
          </Group>
        </Stack>
      </Paper>
    );
  }

  const options = (group: string, values: readonly string[]) =>
    values.map((v) => ({ value: v, label: t(`${group}.${v}`) }));

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack maw={960}>
        <Title order={2}>{t('register.title')}</Title>
        <Select
          label={t('register.channel')}
          value={form.channel ?? null}
          onChange={(v) => setForm((f) => ({ ...f, channel: v ?? 'hotline' }))}
          data={options('channels', CHANNELS)}
          allowDeselect={false}
          error={err('channel')}
          maw={320}
        />
        <Fieldset legend={t('register.customer')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('register.name')}
              value={form.name ?? ''}
              onChange={set('name')}
              required
              error={err('customer.name')}
            />
            <TextInput
              label={t('register.phone')}
              type="tel"
              value={form.phone ?? ''}
              onChange={set('phone')}
              error={err('customer.phone')}
            />
            <TextInput
              label={t('register.email')}
              type="email"
              value={form.email ?? ''}
              onChange={set('email')}
              error={err('customer.email')}
            />
            <TextInput
              label={t('register.externalId')}
              value={form.externalId ?? ''}
              onChange={set('externalId')}
              error={err('customer.externalId')}
            />
            <Select
              label={t('register.tier')}
              value={form.tier || null}
              onChange={(v) => setForm((f) => ({ ...f, tier: v ?? '' }))}
              data={options('tiers', TIERS)}
              clearable
              error={err('customer.tier')}
            />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('register.subject')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('register.type')}
              value={form.subjectType ?? null}
              onChange={(v) => setForm((f) => ({ ...f, subjectType: v ?? 'other' }))}
              data={options('subjectTypes', SUBJECT_TYPES)}
              allowDeselect={false}
              error={err('subject.type')}
            />
            {SUBJECT_FIELDS.map((name) => (
              <TextInput
                key={name}
                label={t(`register.${name}`)}
                value={form[name] ?? ''}
                onChange={set(name)}
                error={err(`subject.${name}`)}
              />
            ))}
            <TextInput
              label={t('register.purchasedAt')}
              type="date"
              value={form.purchasedAt ?? ''}
              onChange={set('purchasedAt')}
              error={err('subject.purchasedAt')}
            />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('register.details')}>
          <Stack>
            <TextInput
              label={t('register.complaintTitle')}
              value={form.title ?? ''}
              onChange={set('title')}
              error={err('title')}
            />
            <Textarea
              label={t('register.description')}
              value={form.description ?? ''}
              onChange={set('description')}
              required
              autosize
              minRows={4}
              maxLength={10000}
              error={err('description')}
            />
            <Checkbox.Group
              label={t('register.desiredRemedies')}
              value={remedies}
              onChange={setRemedies}
              error={err('desiredRemedies')}
            >
              <Group mt="xs">
                {REMEDIES.map((r) => (
                  <Checkbox key={r} value={r} label={t(`remedies.${r}`)} />
                ))}
              </Group>
            </Checkbox.Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('register.occurredAt')}
                type="datetime-local"
                value={form.occurredAt ?? ''}
                onChange={set('occurredAt')}
                error={err('occurredAt')}
              />
              <TextInput
                label={t('register.region')}
                value={form.region ?? ''}
                onChange={set('region')}
                error={err('region')}
              />
              <Select
                label={t('register.language')}
                value={form.language || null}
                onChange={(v) => setForm((f) => ({ ...f, language: v ?? '' }))}
                data={[
                  { value: 'zh-CN', label: '中文 (zh-CN)' },
                  { value: 'en', label: 'English (en)' },
                ]}
                clearable
                error={err('language')}
              />
              <NumberInput
                label={t('register.complainantCount')}
                min={1}
                value={form.complainantCount ?? ''}
                onChange={(v) => setForm((f) => ({ ...f, complainantCount: String(v) }))}
                error={err('complainantCount')}
              />
            </SimpleGrid>
            <Checkbox.Group
              label={t('register.flags')}
              value={flags}
              onChange={setFlags}
              error={err('flags')}
            >
              <Group mt="xs">
                {FLAGS.map((f) => (
                  <Checkbox key={f} value={f} label={t(`flagNames.${f}`)} />
                ))}
              </Group>
            </Checkbox.Group>
          </Stack>
        </Fieldset>
        <Fieldset legend={t('register.attachments')}>
          <Stack>
            {attachments.map((a, i) => {
              const update =
                (field: keyof Attachment) => (e: { currentTarget: { value: string } }) => {
                  const value = e.currentTarget.value;
                  setAttachments((list) =>
                    list.map((x, j) => (j === i ? { ...x, [field]: value } : x)),
                  );
                };
              return (
                <Group key={i} align="end">
                  <TextInput
                    label={t('register.attachmentName')}
                    value={a.name}
                    onChange={update('name')}
                    error={err(`attachments.${i}.name`)}
                  />
                  <TextInput
                    label={t('register.sha256')}
                    value={a.sha256}
                    onChange={update('sha256')}
                    error={err(`attachments.${i}.sha256`)}
                  />
                  <TextInput
                    label={t('register.url')}
                    type="url"
                    value={a.url}
                    onChange={update('url')}
                    error={err(`attachments.${i}.url`)}
                  />
                  <Button
                    variant="default"
                    onClick={() => setAttachments((list) => list.filter((_, j) => j !== i))}
                  >
                    {t('register.remove')}
                  </Button>
                </Group>
              );
            })}
            <Button
              variant="default"
              onClick={() => setAttachments((list) => [...list, { name: '', sha256: '', url: '' }])}
              w="fit-content"
            >
              {t('register.addAttachment')}
            </Button>
          </Stack>
        </Fieldset>
        {failure && (
          <Alert color="red" title={t('register.failed')} role="alert">
            {failure}
          </Alert>
        )}
        <Button type="submit" loading={busy} w="fit-content">
          {t('register.submit')}
        </Button>
      </Stack>
    </form>
  );
}
