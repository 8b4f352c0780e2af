/** The case page's PartnerInput section (its own query on the case, by id; the Apollo cache shares the Case object). */
export function PartnerInputSection({ caseId }: { caseId: string }) {
  return <section data-section="PartnerInput" data-case-id={caseId} />;
}
