import { Badge, Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatTime } from '../time';
import { ClassBadge } from './badges';
import { ListFooter, LoadError, usePagedQuery } from './lists';

/** One typical case of GET /case-library. */
interface CaseStudy {
  caseStudyId: string;
  complaintId: string;
  title: string;
  summary: string;
  lessons?: string;
  keywords: string[];
  language: string;
  department: string;
  severity: string;
  escalationClass: string;
  category: string;
  publishedAt: string;
  publishedBy: string;
}

interface Search {
  q: string;
  category: string;
  language: string | null;
}

const PAGE_SIZE = 20;

function pathOf(search: Search): string {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (search.q.trim()) params.set('q', search.q.trim());
  if (search.category.trim()) params.set('category', search.category.trim());
  if (search.language) params.set('language', search.language);
  return `/case-library?${params.toString()}`;
}

/**
 * The case library (follow-up's GET /case-library): typical cases every member of staff may
 * read, newest first; every word of the search must appear (Chinese or English).
 */
export function CaseLibraryPage() {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState<Search>({ q: '', category: '', language: null });
  const [search, setSearch] = useState<Search>(form);
  const list = usePagedQuery<CaseStudy>('follow-up', pathOf(search));
  const { rows: items, loading } = list;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch({ ...form });
  };

  return (
    <Stack>
      <Title order={2}>{t('desk.library.title')}</Title>
      <form onSubmit={submit} role="search" aria-label={t('desk.library.search')}>
        <Group align="end">
          <TextInput
            label={t('desk.library.words')}
            value={form.q}
            onChange={(e) => setForm({ ...form, q: e.currentTarget.value })}
            maxLength={200}
            miw={280}
          />
          <TextInput
            label={t('desk.library.category')}
            value={form.category}
            onChange={(e) => setForm({ ...form, category: e.currentTarget.value })}
            maxLength={64}
          />
          <Select
            label={t('desk.library.language')}
            placeholder={t('desk.followUps.any')}
            value={form.language}
            onChange={(language) => setForm({ ...form, language })}
            data={['zh', 'en'].map((l) => ({ value: l, label: t(`desk.languages.${l}`) }))}
            clearable
          />
          <Button type="submit" loading={loading}>
            {t('desk.library.submit')}
          </Button>
        </Group>
      </form>
      <LoadError error={list.error} />
      <Stack data-testid="case-library">
        {items.map((item) => (
          <Card key={item.caseStudyId} withBorder data-case-study={item.caseStudyId}>
            <Stack gap="xs">
              <Title order={3} size="h4" lang={item.language}>
                {item.title}
              </Title>
              <Group gap="xs">
                <Badge variant="default">{item.category}</Badge>
                <ClassBadge value={item.escalationClass} />
                <Text size="sm">{t(`severities.${item.severity}`, item.severity)}</Text>
                <Text size="sm">{t(`departments.${item.department}`, item.department)}</Text>
              </Group>
              <Text lang={item.language} style={{ whiteSpace: 'pre-wrap' }}>
                {item.summary}
              </Text>
              {item.lessons && (
                <Text size="sm" lang={item.language} style={{ whiteSpace: 'pre-wrap' }}>
                  <Text span fw={700}>
                    {t('desk.library.lessons')}:
                  </Text>{' '}
                  {item.lessons}
                </Text>
              )}
              {item.keywords.length > 0 && (
                <Group gap={4}>
                  {item.keywords.map((k) => (
                    <Badge key={k} variant="outline" color="dark">
                      {k}
                    </Badge>
                  ))}
                </Group>
              )}
              <Group justify="space-between">
                <Text size="sm">
                  {t('desk.library.published', {
                    at: formatTime(item.publishedAt, i18n.language),
                    by: item.publishedBy,
                  })}
                </Text>
                <Link href={`/follow-ups/${item.complaintId}`}>{t('desk.library.followUp')}</Link>
              </Group>
            </Stack>
          </Card>
        ))}
      </Stack>
      {!loading && items.length === 0 && <Text>{t('desk.library.empty')}</Text>}
      <ListFooter
        count={t('desk.library.count', { count: items.length })}
        more={t('desk.library.more')}
        list={list}
      />
    </Stack>
  );
}
