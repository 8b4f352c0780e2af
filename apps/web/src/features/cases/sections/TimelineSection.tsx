/** The case page's Timeline section (its own query on the case, by id; the Apollo cache shares the Case object). */
export function TimelineSection({ caseId }: { caseId: string }) {
  return <section data-section="Timeline" data-case-id={caseId} />;
}
