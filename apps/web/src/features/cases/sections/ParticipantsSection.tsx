/** The case page's Participants section (its own query on the case, by id; the Apollo cache shares the Case object). */
export function ParticipantsSection({ caseId }: { caseId: string }) {
  return <section data-section="Participants" data-case-id={caseId} />;
}
