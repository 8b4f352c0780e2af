import { createTheme } from '@mantine/core';

/**
 * Shade 8 of the primary colour and automatic contrast: white text on default buttons and badges passes WCAG AA
 * (axe reports the lighter default shades).
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  autoContrast: true,
  luminanceThreshold: 0.3,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  focusRing: 'always',
});
