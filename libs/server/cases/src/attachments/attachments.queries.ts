import { sql, type Sql } from '@cg/server/db';

/**
 * The SQL of attachments. Who may read an attachment is who may read what it hangs on, by the same CASL rules as the
 * thing itself (`readable`, see AttachmentsService.readable): an update's visibility and data category, a partner
 * input's organisation, a case's CASE_CONTENT.
 */

const COLUMNS = sql`a.id, a.case_id, a.update_id, a.partner_input_id, a.file_name, a.content_type, a.size_bytes, a.storage_key, a.thumbnail_key, a.created_at`;

/** `readable` over an attachment `a`: the condition of its update `u`, its partner input `p` or its case `c`. */
export function readableAttachment(update: Sql, input: Sql, caseContent: Sql): Sql {
  return sql`CASE
      WHEN a.update_id IS NOT NULL THEN EXISTS (SELECT 1 FROM case_updates u WHERE u.id = a.update_id AND ${update})
      WHEN a.partner_input_id IS NOT NULL THEN EXISTS (SELECT 1 FROM partner_inputs p WHERE p.id = a.partner_input_id AND ${input})
      ELSE EXISTS (SELECT 1 FROM cases c WHERE c.id = a.case_id AND ${caseContent})
    END`;
}

/** One attachment, if the reader may read it. */
export function attachmentById(id: string, readable: Sql): Sql {
  return sql`SELECT ${COLUMNS} FROM attachments a WHERE a.id = ${id} AND ${readable}`;
}

/** The attachments of many updates (`UPDATE`), partner inputs (`PARTNER_INPUT`) or cases (`CASE`, the case's own), oldest first: one statement. */
export function attachmentsOf(parent: 'CASE' | 'UPDATE' | 'PARTNER_INPUT', ids: readonly string[], readable: Sql): Sql {
  const owner =
    parent === 'UPDATE'
      ? sql`a.update_id = ANY(${[...ids]}::uuid[])`
      : parent === 'PARTNER_INPUT'
        ? sql`a.partner_input_id = ANY(${[...ids]}::uuid[])`
        : sql`a.case_id = ANY(${[...ids]}::uuid[]) AND a.update_id IS NULL AND a.partner_input_id IS NULL`;
  return sql`SELECT ${COLUMNS} FROM attachments a WHERE ${owner} AND ${readable} ORDER BY a.created_at, a.id`;
}

/** What an attachment's writer must know of the update it hangs on. */
export function updateFacts(id: string): Sql {
  return sql`SELECT case_id, kind, visibility, author_organisation_id FROM case_updates WHERE id = ${id}`;
}

/** What an attachment's writer must know of the partner input it hangs on. */
export function partnerInputFacts(id: string): Sql {
  return sql`SELECT case_id, organisation_id FROM partner_inputs WHERE id = ${id}`;
}
