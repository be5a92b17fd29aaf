import '@mantine/core/styles.css';
import { MantineProvider, createTheme } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n } from './i18n';

initI18n();

// Darker primary shades than Mantine's defaults keep text on coloured badges and buttons above
// WCAG AA contrast (axe-core checks every page in the tests).
const theme = createTheme({ primaryColor: 'indigo', primaryShade: 8 });

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme}>
        <App />
      </MantineProvider>
    </StrictMode>,
  );
}
