// Presentational pieces shared by features; no GraphQL inside.
export { ErrorAlert } from './ErrorAlert';
export { Loading } from './Loading';
export { ScrollTable } from './ScrollTable';
export { useFormat } from './format';
export { NotFound } from './NotFound';
export { usePageTitle } from './usePageTitle';
export { theme } from './theme';
