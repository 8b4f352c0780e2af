/** The case page's Risks section (its own query on the case, by id; the Apollo cache shares the Case object). */
export function RisksSection({ caseId }: { caseId: string }) {
  return <section data-section="Risks" data-case-id={caseId} />;
}
