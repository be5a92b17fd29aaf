import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

// The SLA state in colour (ISSUE 17: "its clocks impossible to miss"), always with its word too.
const SLA_COLOURS: Record<string, string> = {
  on_track: 'green',
  warning: 'orange',
  breached: 'red',
  met: 'blue',
  stopped: 'gray',
};
const CLASS_COLOURS: Record<string, string> = {
  general: 'gray',
  important: 'blue',
  hot: 'orange',
  major: 'red',
};

export function SlaBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={SLA_COLOURS[state] ?? 'gray'}
      variant={state === 'breached' ? 'filled' : 'light'}
      autoContrast
      data-sla={state}
    >
      {t(`sla.${state}`, state)}
    </Badge>
  );
}

export function ClassBadge({ value }: { value: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={CLASS_COLOURS[value] ?? 'gray'} variant="outline" autoContrast>
      {t(`classes.${value}`, value)}
    </Badge>
  );
}
