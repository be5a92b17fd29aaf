import {
  Alert,
  Button,
  Group,
  List,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ESCALATION_CLASSES, SEVERITIES, SUBJECT_TYPES } from '@redress/contracts/enumerations';
import { call, type Session } from '../api/client';
import { formatTime } from '../time';
import { ClassBadge } from './badges';
import { DEPARTMENTS } from '../departments';
import { ProblemAlert, reclassifies, useCommand } from './work';

/** `GET /triage/review-queue` (apps/triage/src/application/queries/triage-queries.ts). */
interface ReviewItem {
  complaintId: string;
  registeredAt: string;
  type: string;
  category: string;
  department: string;
  severity: string;
  escalationClass: string;
  confidence: number;
  policyVersion: number;
  rulesFired: Array<{ rule: string; reason: string }>;
}

interface ReviewPage {
  items: ReviewItem[];
  nextCursor: string | null;
}

/** The taxonomy of triage's policy, as far as a reclassification names its ids. */
interface Taxonomy {
  types: Record<
    string,
    {
      categories: Record<
        string,
        { label?: string; subcategories?: Record<string, { label?: string }> }
      >;
    }
  >;
}

const PAGE_SIZE = 50;

// Fetched once per page view, when the first form opens: the taxonomy names the categories.
let taxonomyOnce: Promise<Taxonomy> | undefined;
function loadTaxonomy(): Promise<Taxonomy> {
  taxonomyOnce ??= call<{ policy: { taxonomy: Taxonomy } }>('triage', '/triage/policy').then(
    ({ body }) => body.policy.taxonomy,
    (e: unknown) => {
      taxonomyOnce = undefined;
      throw e;
    },
  );
  return taxonomyOnce;
}

const labelled = (id: string, label?: string) => ({
  value: id,
  label: label && label !== id ? `${label} (${id})` : id,
});

/**
 * A supervisor's reclassification (`POST /triage/:id/reclassification`): the fields set change,
 * the others stay; a reason is required. Triage refuses one that changes nothing, so "keep as it
 * is" is not an answer the API takes: the review ends with a decision that changes something.
 */
function ReclassifyForm({ item, onDone }: { item: ReviewItem; onDone: () => void }) {
  const { t } = useTranslation();
  const { busy, run, err, errors, problem } = useCommand();
  const [taxonomy, setTaxonomy] = useState<Taxonomy | undefined>();
  const [type, setType] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [subcategory, setSubcategory] = useState<string | null>(null);
  const [severity, setSeverity] = useState<string | null>(null);
  const [escalationClass, setEscalationClass] = useState<string | null>(null);
  const [department, setDepartment] = useState<string | null>(null);
  const [reason, setReason] = useState('');

  useEffect(() => {
    let stale = false;
    loadTaxonomy().then(
      (loaded) => {
        if (!stale) setTaxonomy(loaded);
      },
      // Without the taxonomy the category lists stay empty; the rest of the form still works.
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, []);

  const effectiveType = type ?? item.type;
  const categories = taxonomy?.types[effectiveType]?.categories ?? {};
  const subcategories = category ? (categories[category]?.subcategories ?? {}) : {};
  const keep = t('casework.review.keep');

  const submit = async () => {
    const ok = await run((idempotencyKey) =>
      call('triage', `/triage/${encodeURIComponent(item.complaintId)}/reclassification`, {
        method: 'POST',
        body: {
          reason,
          ...(type ? { type } : {}),
          ...(category ? { category } : {}),
          ...(subcategory ? { subcategory } : {}),
          ...(severity ? { severity } : {}),
          ...(escalationClass ? { escalationClass } : {}),
          ...(department ? { department } : {}),
        },
        idempotencyKey,
      }),
    );
    if (ok) onDone();
  };
  const options = (group: string, values: readonly string[]) =>
    values.map((v) => ({ value: v, label: t(`${group}.${v}`, v) }));
  const titleId = `reclassify-${item.complaintId}`;

  return (
    <Paper p="md" withBorder>
      <form
        aria-labelledby={titleId}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h4" id={titleId}>
            {t('casework.review.reclassifyTitle', { id: item.complaintId.slice(0, 8) })}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label={t('casework.review.type')}
              placeholder={keep}
              value={type}
              onChange={(v) => {
                setType(v);
                setCategory(null);
                setSubcategory(null);
              }}
              data={options('subjectTypes', SUBJECT_TYPES)}
              clearable
              error={err('type')}
            />
            <Select
              label={t('casework.review.category')}
              placeholder={keep}
              value={category}
              onChange={(v) => {
                setCategory(v);
                setSubcategory(null);
              }}
              data={Object.entries(categories).map(([id, c]) => labelled(id, c.label))}
              clearable
              searchable
              error={err('category')}
            />
            <Select
              label={t('casework.review.subcategory')}
              placeholder={keep}
              value={subcategory}
              onChange={setSubcategory}
              data={Object.entries(subcategories).map(([id, c]) => labelled(id, c.label))}
              clearable
              error={err('subcategory')}
            />
            <Select
              label={t('queue.severity')}
              placeholder={keep}
              value={severity}
              onChange={setSeverity}
              data={options('severities', SEVERITIES)}
              clearable
              error={err('severity')}
            />
            <Select
              label={t('queue.escalationClass')}
              placeholder={keep}
              value={escalationClass}
              onChange={setEscalationClass}
              data={options('classes', ESCALATION_CLASSES)}
              clearable
              error={err('escalationClass')}
            />
            <Select
              label={t('queue.department')}
              placeholder={keep}
              value={department}
              onChange={setDepartment}
              data={options('departments', DEPARTMENTS)}
              clearable
              error={err('department')}
            />
          </SimpleGrid>
          <Textarea
            label={t('casework.review.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
            autosize
            minRows={2}
            maxLength={1000}
            error={err('reason')}
          />
          <ProblemAlert
            problem={problem}
            errors={errors}
            shown={[
              'reason',
              'type',
              'category',
              'subcategory',
              'severity',
              'escalationClass',
              'department',
            ]}
          />
          <Button type="submit" loading={busy} w="fit-content">
            {t('casework.review.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

/**
 * Issue 17, point 3: triage's complaints waiting for a person (`GET /triage/review-queue`,
 * department-scoped like every read), newest first, each reclassified in place by a supervisor.
 */
export function ReviewQueuePage({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const mayReclassify = reclassifies(session);
  const [rows, setRows] = useState<ReviewItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [open, setOpen] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let stale = false;
    call<ReviewPage>('triage', `/triage/review-queue?limit=${PAGE_SIZE}`).then(
      ({ body }) => {
        if (stale) return;
        setRows(body.items);
        setCursor(body.nextCursor);
        setError(undefined);
        setLoaded(true);
      },
      (e: unknown) => {
        if (stale) return;
        setError(e instanceof Error ? e.message : String(e));
        setLoaded(true);
      },
    );
    return () => {
      stale = true;
    };
  }, [tick]);

  const loadMore = async (after: string) => {
    try {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE), cursor: after });
      const { body } = await call<ReviewPage>('triage', `/triage/review-queue?${params}`);
      setRows((list) => [...list, ...body.items]);
      setCursor(body.nextCursor);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const reclassified = (complaintId: string) => {
    setOpen(undefined);
    setDone(complaintId);
    setTick((n) => n + 1);
  };
  const openItem = rows.find((r) => r.complaintId === open);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('casework.review.title')}</Title>
        <Button variant="default" onClick={() => setTick((n) => n + 1)}>
          {t('queue.refresh')}
        </Button>
      </Group>
      <Text>{t('casework.review.intro')}</Text>
      {!mayReclassify && <Text>{t('casework.review.onlySupervisors')}</Text>}
      {done && (
        <Alert color="green" title={t('casework.done')} data-testid="reclassified">
          {t('casework.review.reclassified', { id: done.slice(0, 8) })}
        </Alert>
      )}
      {error && (
        <Alert color="red" title={t('errors.generic')} role="alert">
          {error}
        </Alert>
      )}
      <Table data-testid="review-queue">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('queue.case')}</Table.Th>
            <Table.Th>{t('casework.review.registered')}</Table.Th>
            <Table.Th>{t('casework.review.type')}</Table.Th>
            <Table.Th>{t('queue.department')}</Table.Th>
            <Table.Th>{t('queue.severity')}</Table.Th>
            <Table.Th>{t('queue.escalationClass')}</Table.Th>
            <Table.Th>{t('casework.review.confidence')}</Table.Th>
            <Table.Th>{t('casework.review.rules')}</Table.Th>
            {mayReclassify && (
              <Table.Th>
                <VisuallyHidden>{t('casework.review.reclassify')}</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.complaintId} data-case={row.complaintId}>
              <Table.Td>
                <Link href={`/cases/${row.complaintId}`}>
                  {row.category} · {row.complaintId.slice(0, 8)}
                </Link>
              </Table.Td>
              <Table.Td>{formatTime(row.registeredAt, i18n.language)}</Table.Td>
              <Table.Td>{t(`subjectTypes.${row.type}`, row.type)}</Table.Td>
              <Table.Td>{t(`departments.${row.department}`, row.department)}</Table.Td>
              <Table.Td>{t(`severities.${row.severity}`, row.severity)}</Table.Td>
              <Table.Td>
                <ClassBadge value={row.escalationClass} />
              </Table.Td>
              <Table.Td>{Math.round(row.confidence * 100)}%</Table.Td>
              <Table.Td>
                <List size="xs">
                  {row.rulesFired.map((r) => (
                    <List.Item key={r.rule}>
                      {r.rule}: {r.reason}
                    </List.Item>
                  ))}
                </List>
              </Table.Td>
              {mayReclassify && (
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    aria-expanded={open === row.complaintId}
                    onClick={() =>
                      setOpen((current) =>
                        current === row.complaintId ? undefined : row.complaintId,
                      )
                    }
                  >
                    {t('casework.review.reclassify')}
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {loaded && rows.length === 0 && <Text>{t('casework.review.empty')}</Text>}
      {cursor && (
        <Button variant="default" w="fit-content" onClick={() => void loadMore(cursor)}>
          {t('casework.review.more')}
        </Button>
      )}
      {openItem && mayReclassify && (
        <ReclassifyForm
          key={openItem.complaintId}
          item={openItem}
          onDone={() => reclassified(openItem.complaintId)}
        />
      )}
    </Stack>
  );
}
