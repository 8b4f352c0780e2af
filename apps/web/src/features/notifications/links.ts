/**
 * Where a notification's link leads inside the app. Links are absolute (`https://host/cases/<id>`, from the API's
 * PUBLIC_URL); the app follows the path when the origin is its own and never leaves the origin: for another origin
 * (an address the API was configured with that is not the one in the browser) the case's own page, when the
 * notification names a case, else no link.
 */
export function inAppPath(link: string | null, caseId: string | null, origin: string = window.location.origin): string | null {
  if (link) {
    try {
      const url = new URL(link, origin);
      if (url.origin === origin) return `${url.pathname}${url.search}${url.hash}`;
    } catch {
      // not a URL: fall through
    }
  }
  return caseId ? `/cases/${encodeURIComponent(caseId)}` : null;
}
