import type { EntityManager } from 'typeorm';
import { CaseLinkKind } from '@cg/shared/domain';
import { execute, sql } from '@cg/server/db';

/**
 * A linked pair of demo cases (issue 16): rebuilding trust after the intervention at Osiedle Młodych is related to the
 * tension between young people and seniors at Piaski (the same young people move between the two estates). Both are
 * led by the Legionowo police; the link shows on both cases' pages to whoever may read both.
 */
export const DEMO_LINKS: { fromIndex: number; toIndex: number; kind: CaseLinkKind }[] = [{ fromIndex: 2, toIndex: 0, kind: CaseLinkKind.RELATED }];

export async function seedLinks(manager: EntityManager, caseIds: string[], createdById: string | null): Promise<void> {
  for (const link of DEMO_LINKS) {
    const from = caseIds[link.fromIndex];
    const to = caseIds[link.toIndex];
    if (!from || !to) continue;
    await execute(manager, sql`INSERT INTO case_links (case_id, linked_case_id, kind, created_by_id) VALUES (${from}, ${to}, ${link.kind}, ${createdById}) ON CONFLICT DO NOTHING`);
  }
}
