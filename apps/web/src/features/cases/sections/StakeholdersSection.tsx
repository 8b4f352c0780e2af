/** The case page's Stakeholders section (its own query on the case, by id; the Apollo cache shares the Case object). */
export function StakeholdersSection({ caseId }: { caseId: string }) {
  return <section data-section="Stakeholders" data-case-id={caseId} />;
}
