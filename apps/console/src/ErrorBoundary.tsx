import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { Component, useEffect, useRef, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';

/**
 * What a page shows instead of going blank when it fails to render (an answer of an unexpected
 * shape, a bug): a message in the viewer's language, focused so a screen reader announces it,
 * with a retry and a way back to the queue. Navigating elsewhere clears it (`resetKey`).
 */
function Fallback({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <Alert
      color="red"
      role="alert"
      data-testid="page-error"
      title={
        <h2 ref={heading} tabIndex={-1} style={{ margin: 0, fontSize: 'inherit' }}>
          {t('errorBoundary.title')}
        </h2>
      }
    >
      <Stack gap="sm">
        <Text size="sm">{t('errorBoundary.body')}</Text>
        <details>
          <summary>{t('errorBoundary.details')}</summary>
          <Code block>{error.message}</Code>
        </details>
        <Group>
          <Button onClick={onRetry}>{t('errorBoundary.retry')}</Button>
          <Link href="/queue" onClick={onRetry}>
            {t('errorBoundary.toQueue')}
          </Link>
        </Group>
      </Stack>
    </Alert>
  );
}

interface Props {
  children: ReactNode;
  /** A change (the location) clears a failure: the next page starts afresh. */
  resetKey: string;
}

interface State {
  error?: Error;
  resetKey: string;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey
      ? { resetKey: props.resetKey, error: undefined }
      : null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // The browser's console only: a message and the component stack, no data of the page.
    console.error('console: a page failed to render', error, info.componentStack);
  }

  private readonly retry = () => this.setState({ error: undefined });

  override render(): ReactNode {
    if (this.state.error) return <Fallback error={this.state.error} onRetry={this.retry} />;
    return this.props.children;
  }
}
