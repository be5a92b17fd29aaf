import { Alert, Button, Group, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { call, type Service } from '../api/client';

// What the list pages share. The queue, where a signed-in desk lands, imports this module, so it
// holds nothing the queue does not use (App.tsx loads every other page on demand).

/** One page of a list endpoint (`limit` and `cursor` in, `nextCursor` out). */
interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** `path` with `cursor` set last among its query parameters. */
function withCursor(path: string, cursor: string): string {
  const at = path.indexOf('?');
  const params = new URLSearchParams(at < 0 ? '' : path.slice(at + 1));
  params.set('cursor', cursor);
  return `${at < 0 ? path : path.slice(0, at)}?${params.toString()}`;
}

/**
 * A list endpoint read a page at a time: the first page whenever `path` (the filters' query
 * string) changes or `refresh` is called, an answer for an earlier path or refresh being dropped;
 * `loadMore` appends the next page. `loading` holds until the first page for the current path has
 * come (or failed) and while a next page is on its way; `loaded` once any first page has.
 */
export function usePagedQuery<T>(service: Service, path: string) {
  const [rows, setRows] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [tick, setTick] = useState(0);
  const [loadedFor, setLoadedFor] = useState<string | undefined>();
  const [more, setMore] = useState(false);
  const current = `${path}#${tick}`;

  useEffect(() => {
    let stale = false;
    call<Page<T>>(service, path).then(
      ({ body }) => {
        if (stale) return;
        setRows(body.items);
        setCursor(body.nextCursor ?? undefined);
        setError(undefined);
        setLoadedFor(current);
      },
      (e: unknown) => {
        if (stale) return;
        setError(errorText(e));
        setLoadedFor(current);
      },
    );
    return () => {
      stale = true;
    };
  }, [service, path, current]);

  const refresh = useCallback(() => setTick((n) => n + 1), []);
  const loadMore = async () => {
    if (!cursor) return;
    setMore(true);
    try {
      const { body } = await call<Page<T>>(service, withCursor(path, cursor));
      setRows((list) => [...list, ...body.items]);
      setCursor(body.nextCursor ?? undefined);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setMore(false);
    }
  };

  return {
    rows,
    cursor,
    error,
    loading: more || loadedFor !== current,
    loaded: loadedFor !== undefined,
    refresh,
    loadMore,
  };
}

/** A list page's title, with the button that reads its list again. */
export function ListHeader(props: {
  title: string;
  refresh: string;
  onRefresh: () => void;
  loading?: boolean;
}) {
  return (
    <Group justify="space-between">
      <Title order={2}>{props.title}</Title>
      <Button variant="default" onClick={props.onRefresh} loading={props.loading}>
        {props.refresh}
      </Button>
    </Group>
  );
}

/** Why a read failed, in the page's alert. */
export function LoadError({ error }: { error: string | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" title={t('errors.generic')} role="alert">
      {error}
    </Alert>
  );
}

/** How many rows the list shows, and the button for the next page while there is one. */
export function ListFooter(props: {
  count: string;
  more: string;
  list: { cursor: string | undefined; loading: boolean; loadMore: () => Promise<void> };
}) {
  const { list } = props;
  return (
    <Group>
      <Text size="sm">{props.count}</Text>
      {list.cursor && (
        <Button variant="default" onClick={() => void list.loadMore()} loading={list.loading}>
          {props.more}
        </Button>
      )}
    </Group>
  );
}

/** A row's link to its case (or its follow-up): the category and the id's first eight. */
export function CaseLink(props: { complaintId: string; category: string; to?: 'follow-ups' }) {
  return (
    <Link href={`/${props.to ?? 'cases'}/${props.complaintId}`}>
      {props.category} · {props.complaintId.slice(0, 8)}
    </Link>
  );
}

/** A table's head: one heading a column, a column left out where its heading is `false`. */
export function TableHead({ columns }: { columns: ReactNode[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {columns
          .filter((column) => column !== false)
          .map((column, i) => (
            <Table.Th key={i}>{column}</Table.Th>
          ))}
      </Table.Tr>
    </Table.Thead>
  );
}
