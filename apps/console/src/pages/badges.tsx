import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

// The SLA state in colour (ISSUE 17: "its clocks impossible to miss"), always with its word too.
// Shades whose text (white on the dark ones, black on the light ones: autoContrast) meets WCAG AA.
const SLA_COLOURS: Record<string, string> = {
  on_track: '#1b5e20',
  warning: 'yellow.4',
  breached: '#c92a2a',
  met: '#1864ab',
  stopped: '#495057',
};
const CLASS_COLOURS: Record<string, string> = {
  general: '#495057',
  important: '#1864ab',
  hot: 'orange.4',
  major: '#c92a2a',
};

export function SlaBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={SLA_COLOURS[state] ?? '#495057'} variant="filled" autoContrast data-sla={state}>
      {t(`sla.${state}`, state)}
    </Badge>
  );
}

export function ClassBadge({ value }: { value: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={CLASS_COLOURS[value] ?? '#495057'} variant="filled" autoContrast>
      {t(`classes.${value}`, value)}
    </Badge>
  );
}
