import { DomainError, Visibility } from '@cg/shared/domain';
import { execute, sql, type SqlRunner } from './sql';

/** The column holding a case's last activity of each visibility tier (see CaseEntity). */
export const CASE_ACTIVITY_COLUMNS: Record<Visibility, string> = {
  [Visibility.PARTNERS]: 'last_activity_at',
  [Visibility.AGENCIES]: 'agencies_activity_at',
  [Visibility.LEAD]: 'lead_activity_at',
};

/**
 * Records activity on a case, in the tier of those who may see it: PARTNERS (the default) for what every
 * reader of the case sees (the case itself, its participants, tasks, actions, indicators, stakeholders,
 * risks, PARTNERS updates), AGENCIES or LEAD for updates (and partner input) only those readers see. Every
 * write goes through here, so no reader's last activity moves on something it may not read.
 */
export async function touchCase(runner: SqlRunner, caseId: string, tier: Visibility = Visibility.PARTNERS): Promise<void> {
  await execute(runner, sql`UPDATE cases SET ${sql.ident(CASE_ACTIVITY_COLUMNS[tier])} = now() WHERE id = ${caseId}`);
}

/**
 * `touchCase` for a write that must not land on a closed case, written last in its transaction (the case's row
 * lock is then held only while committing): a case closed since the access check read it is refused here, as
 * the UPDATE waits for the closing transaction and then sees CLOSED.
 */
export async function touchOpenCase(runner: SqlRunner, caseId: string, tier: Visibility = Visibility.PARTNERS): Promise<void> {
  const [, touched] = await execute<[unknown[], number]>(
    runner,
    sql`UPDATE cases SET ${sql.ident(CASE_ACTIVITY_COLUMNS[tier])} = now() WHERE id = ${caseId} AND phase <> 'CLOSED' RETURNING id`,
  );
  if (touched === 0) throw DomainError.caseClosed();
}
