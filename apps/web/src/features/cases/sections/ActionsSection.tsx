/** The case page's Actions section (its own query on the case, by id; the Apollo cache shares the Case object). */
export function ActionsSection({ caseId }: { caseId: string }) {
  return <section data-section="Actions" data-case-id={caseId} />;
}
