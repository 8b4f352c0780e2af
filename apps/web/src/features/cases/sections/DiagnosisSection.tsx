/** The case page's Diagnosis section (its own query on the case, by id; the Apollo cache shares the Case object). */
export function DiagnosisSection({ caseId }: { caseId: string }) {
  return <section data-section="Diagnosis" data-case-id={caseId} />;
}
