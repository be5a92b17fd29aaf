import {
  Button,
  List,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  VisuallyHidden,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ESCALATION_CLASSES, SEVERITIES, SUBJECT_TYPES } from '@redress/contracts/enumerations';
import { call, type Session } from '../api/client';
import { formatTime } from '../time';
import { ClassBadge } from './badges';
import { DEPARTMENTS } from '../departments';
import { CaseLink, ListHeader, LoadError, TableHead, usePagedQuery } from './lists';
import { reclassifies } from './roles';
import { CommandForm, OpenRowButton, useCommand, useRowWork, WorkDone } from './work';

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
 * the others stay; a reason is required. With every field kept, it confirms triage's decision
 * (the API's confirmation of a complaint under review) and the complaint leaves the queue.
 */
function ReclassifyForm({ item, onDone }: { item: ReviewItem; onDone: () => void }) {
  const { t } = useTranslation();
  const command = useCommand();
  const { err, field, textField } = command;
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

  const send = (idempotencyKey: string) =>
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
    });
  const options = (group: string, values: readonly string[]) =>
    values.map((v) => ({ value: v, label: t(`${group}.${v}`, v) }));

  return (
    <CommandForm
      command={command}
      title={t('casework.review.reclassifyTitle', { id: item.complaintId.slice(0, 8) })}
      send={send}
      onDone={onDone}
      shown={[
        'reason',
        'type',
        'category',
        'subcategory',
        'severity',
        'escalationClass',
        'department',
      ]}
      submitLabel={t('casework.review.submit')}
    >
      <Text size="sm">{t('casework.review.confirmHint')}</Text>
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
          {...field('subcategory', subcategory, setSubcategory)}
          data={Object.entries(subcategories).map(([id, c]) => labelled(id, c.label))}
          clearable
        />
        <Select
          label={t('queue.severity')}
          placeholder={keep}
          {...field('severity', severity, setSeverity)}
          data={options('severities', SEVERITIES)}
          clearable
        />
        <Select
          label={t('queue.escalationClass')}
          placeholder={keep}
          {...field('escalationClass', escalationClass, setEscalationClass)}
          data={options('classes', ESCALATION_CLASSES)}
          clearable
        />
        <Select
          label={t('queue.department')}
          placeholder={keep}
          {...field('department', department, setDepartment)}
          data={options('departments', DEPARTMENTS)}
          clearable
        />
      </SimpleGrid>
      <Textarea
        label={t('casework.review.reason')}
        {...textField('reason', reason, setReason)}
        required
        autosize
        minRows={2}
        maxLength={1000}
      />
    </CommandForm>
  );
}

/**
 * Issue 17, point 3: triage's complaints waiting for a person (`GET /triage/review-queue`,
 * department-scoped like every read), newest first, each reclassified in place by a supervisor.
 */
export function ReviewQueuePage({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const mayReclassify = reclassifies(session);
  const list = usePagedQuery<ReviewItem>('triage', `/triage/review-queue?limit=${PAGE_SIZE}`);
  const work = useRowWork(list.refresh);
  const openItem = list.rows.find((r) => r.complaintId === work.open);

  return (
    <Stack>
      <ListHeader
        title={t('casework.review.title')}
        refresh={t('queue.refresh')}
        onRefresh={list.refresh}
      />
      <Text>{t('casework.review.intro')}</Text>
      {!mayReclassify && <Text>{t('casework.review.onlySupervisors')}</Text>}
      <WorkDone
        done={work.done}
        testId="reclassified"
        message={(id) => t('casework.review.reclassified', { id })}
      />
      <LoadError error={list.error} />
      <Table data-testid="review-queue">
        <TableHead
          columns={[
            t('queue.case'),
            t('casework.review.registered'),
            t('casework.review.type'),
            t('queue.department'),
            t('queue.severity'),
            t('queue.escalationClass'),
            t('casework.review.confidence'),
            t('casework.review.rules'),
            mayReclassify && (
              <VisuallyHidden key="reclassify">{t('casework.review.reclassify')}</VisuallyHidden>
            ),
          ]}
        />
        <Table.Tbody>
          {list.rows.map((row) => (
            <Table.Tr key={row.complaintId} data-case={row.complaintId}>
              <Table.Td>
                <CaseLink complaintId={row.complaintId} category={row.category} />
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
                  <OpenRowButton id={row.complaintId} work={work}>
                    {t('casework.review.reclassify')}
                  </OpenRowButton>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.loaded && list.rows.length === 0 && <Text>{t('casework.review.empty')}</Text>}
      {list.cursor && (
        <Button variant="default" w="fit-content" onClick={() => void list.loadMore()}>
          {t('casework.review.more')}
        </Button>
      )}
      {openItem && mayReclassify && (
        <ReclassifyForm
          key={openItem.complaintId}
          item={openItem}
          onDone={() => work.finish(openItem.complaintId)}
        />
      )}
    </Stack>
  );
}
