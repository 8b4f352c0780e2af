import { CaseType } from '@cg/shared/domain';
import { sql, type Sql } from '@cg/server/db';

// The SQL of case-type templates: the versions, the catalogue names their indicators show, and what a case was opened with.

/** Template versions (aliased `t`), the latest of each type unless every version is asked for, by type and version. */
export function templateVersions(allVersions: boolean, caseType: CaseType | null): Sql {
  const latest = sql`t.version = (SELECT max(v.version) FROM case_templates v WHERE v.case_type = t.case_type)`;
  const ofType = caseType ? sql`t.case_type = ${caseType}` : sql.true;
  return sql`SELECT t.* FROM case_templates t WHERE ${allVersions ? sql.true : latest} AND ${ofType} ORDER BY t.case_type, t.version`;
}

export function templateById(id: string): Sql {
  return sql`SELECT t.* FROM case_templates t WHERE t.id = ${id}`;
}

/** Serialises the writers of one type's next version, until the transaction ends. */
export function lockTemplateType(caseType: CaseType): Sql {
  return sql`SELECT pg_advisory_xact_lock(hashtext(${`case-template:${caseType}`}))`;
}

export function latestTemplateVersion(caseType: CaseType): Sql {
  return sql`SELECT coalesce(max(version), 0)::int AS version FROM case_templates WHERE case_type = ${caseType}`;
}

/** The latest catalogue entry of each code asked for. */
export function latestCatalogueEntries(codes: string[]): Sql {
  return sql`SELECT DISTINCT ON (e.code) e.id, e.code, e.name_pl, e.name_en, e.unit, e.direction, e.source, e.cadence
               FROM indicator_catalogue e WHERE e.code = ANY(${codes}) ORDER BY e.code, e.version DESC`;
}

/** The template version each of these cases was opened with (cases opened without one are absent). */
export function templatesOfCases(caseIds: readonly string[]): Sql {
  return sql`SELECT c.id AS case_id, t.id, t.case_type, t.version FROM cases c JOIN case_templates t ON t.id = c.template_id WHERE c.id = ANY(${[...caseIds]})`;
}

/** The template tasks waiting for an organisation of their kind on these cases (aliased `p`), by due date. */
export function pendingTasksOfCases(caseIds: readonly string[], visible: Sql): Sql {
  return sql`SELECT p.id, p.case_id, p.item_key, p.title, p.description, p.organisation_kind, to_char(p.due_date, 'YYYY-MM-DD') AS due_date, p.effort_points
               FROM case_pending_tasks p WHERE p.case_id = ANY(${[...caseIds]}) AND ${visible} ORDER BY p.due_date, p.id`;
}
