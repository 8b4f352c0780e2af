import { useEffect } from 'react';

/** The browser tab (and a screen reader's page announcement) names the page. */
export function usePageTitle(title: string | null | undefined): void {
  useEffect(() => {
    if (title) document.title = `${title} · CommonGround`;
  }, [title]);
}
