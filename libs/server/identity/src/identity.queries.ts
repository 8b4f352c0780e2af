import { sql, type Sql } from '@cg/server/db';
import type { Role } from '@cg/shared/domain';

/**
 * The SQL of identity: organisations, users and partnership agreements as a reader may see them (`access`, the
 * reader's rules from `rulesToSql`), sign-in (users, refresh tokens, the attempt counter) and the agreement expiry
 * notices. Statements that return an entity select its whole row (`x.*`), for `hydrate`.
 */

type Cursor = (string | number)[] | null;

// Organisations (aliased `o`).

export function organisationsByIds(access: Sql, ids: readonly string[]): Sql {
  return sql`SELECT o.* FROM organisations o WHERE ${access} AND o.id = ANY(${[...ids]})`;
}

export function organisationsWhere(access: Sql, filter: { kind?: string; active?: boolean; parentId?: string }): Sql {
  return sql.and([
    access,
    filter.kind ? sql`o.kind = ${filter.kind}` : sql.true,
    filter.active !== undefined ? sql`o.active = ${filter.active}` : sql.true,
    filter.parentId ? sql`o.parent_id = ${filter.parentId}` : sql.true,
  ]);
}

export function organisationsCount(where: Sql): Sql {
  return sql`SELECT count(*)::int AS n FROM organisations o WHERE ${where}`;
}

/** By name, then id; one row more than the page. */
export function organisationsPage(where: Sql, limit: number, cursor: Cursor): Sql {
  const after = cursor ? sql`AND (o.name, o.id) > (${cursor[0]}, ${cursor[1]}::uuid)` : sql.empty;
  return sql`SELECT o.* FROM organisations o WHERE ${where} ${after} ORDER BY o.name ASC, o.id ASC LIMIT ${limit + 1}`;
}

/** Whether an organisation already has this name (in any case) or code. */
export function organisationNameOrCodeTaken(name: string, code: string): Sql {
  return sql`SELECT EXISTS (SELECT 1 FROM organisations o WHERE lower(o.name) = lower(${name}) OR o.code = ${code}) AS taken`;
}

// Users (aliased `u`).

/** One user the reader may see; locked for the transaction with `lock`. */
export function userById(access: Sql, id: string, lock = false): Sql {
  return sql`SELECT u.* FROM users u WHERE ${access} AND u.id = ${id} ${lock ? sql`FOR UPDATE` : sql.empty}`;
}

export function usersWhere(access: Sql, filter: { organisationId?: string; role?: Role; active?: boolean }): Sql {
  return sql.and([
    access,
    filter.organisationId ? sql`u.organisation_id = ${filter.organisationId}` : sql.true,
    filter.role ? sql`${filter.role} = ANY(u.roles)` : sql.true,
    filter.active !== undefined ? sql`u.active = ${filter.active}` : sql.true,
  ]);
}

export function usersCount(where: Sql): Sql {
  return sql`SELECT count(*)::int AS n FROM users u WHERE ${where}`;
}

/** By display name, then id; one row more than the page. */
export function usersPage(where: Sql, limit: number, cursor: Cursor): Sql {
  const after = cursor ? sql`AND (u.display_name, u.id) > (${cursor[0]}, ${cursor[1]}::uuid)` : sql.empty;
  return sql`SELECT u.* FROM users u WHERE ${where} ${after} ORDER BY u.display_name ASC, u.id ASC LIMIT ${limit + 1}`;
}

// Partnership agreements (aliased `a`).

export function agreementsWhere(access: Sql, organisationId?: string): Sql {
  return sql.and([access, organisationId ? sql`(a.organisation_a_id = ${organisationId} OR a.organisation_b_id = ${organisationId})` : sql.true]);
}

export function agreementsCount(where: Sql): Sql {
  return sql`SELECT count(*)::int AS n FROM partnership_agreements a WHERE ${where}`;
}

/** Newest validity first; one row more than the page. */
export function agreementsPage(where: Sql, limit: number, cursor: Cursor): Sql {
  const after = cursor ? sql`AND (a.valid_from, a.id) < (${cursor[0]}::date, ${cursor[1]}::uuid)` : sql.empty;
  return sql`SELECT a.* FROM partnership_agreements a WHERE ${where} ${after} ORDER BY a.valid_from DESC, a.id DESC LIMIT ${limit + 1}`;
}

export function agreementById(access: Sql, id: string): Sql {
  return sql`SELECT a.* FROM partnership_agreements a WHERE ${access} AND a.id = ${id}`;
}

/**
 * The expiry notices due on `today` that were not written yet, written now (one per agreement, threshold and end
 * date, whatever the number of runs): an ACTIVE agreement whose last day is at most `early` days away gets the
 * `early` notice, at most `late` days away the `late` one. Gives the notices written.
 */
export function newAgreementExpiryNotices(today: string, early: number, late: number): Sql {
  return sql`WITH due AS (
      SELECT a.id AS agreement_id, a.organisation_a_id, a.organisation_b_id, a.valid_to, (a.valid_to - ${today}::date) AS days_left,
             CASE WHEN a.valid_to - ${today}::date <= ${late} THEN ${late}::int ELSE ${early}::int END AS days_before
        FROM partnership_agreements a
       WHERE a.status = 'ACTIVE' AND a.valid_to IS NOT NULL AND a.valid_to >= ${today}::date AND a.valid_to - ${today}::date <= ${early}
    ), fresh AS (
      INSERT INTO agreement_expiry_notices (agreement_id, days_before, valid_to)
      SELECT agreement_id, days_before, valid_to FROM due
      ON CONFLICT DO NOTHING RETURNING agreement_id, days_before, valid_to
    )
    SELECT d.agreement_id, d.organisation_a_id, d.organisation_b_id, to_char(d.valid_to, 'YYYY-MM-DD') AS valid_to, d.days_before, d.days_left
      FROM fresh f JOIN due d ON d.agreement_id = f.agreement_id AND d.days_before = f.days_before AND d.valid_to = f.valid_to`;
}

// Sign-in.

/** The active user with this e-mail, of an active organisation. */
export function activeUserByEmail(email: string): Sql {
  return sql`SELECT u.* FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.email = ${email} AND u.active AND o.active`;
}

/** The active user with this id, of an active organisation. */
export function activeUserById(id: string): Sql {
  return sql`SELECT u.* FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = ${id} AND u.active AND o.active`;
}

/** A refresh token, locked for the transaction. */
export function refreshTokenForUpdate(id: string): Sql {
  return sql`SELECT t.* FROM refresh_tokens t WHERE t.id = ${id} FOR UPDATE`;
}

/** The token of the family with this hash that is still unused, unrevoked and valid. */
export function unusedRefreshToken(familyId: string, tokenHash: string): Sql {
  return sql`SELECT t.* FROM refresh_tokens t
    WHERE t.family_id = ${familyId} AND t.token_hash = ${tokenHash} AND t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now()`;
}

/** The open sessions (`family_id`) of a person, but `except`. */
export function openSessionsOf(userId: string, except: string | null): Sql {
  return sql`SELECT DISTINCT family_id FROM refresh_tokens WHERE user_id = ${userId} AND revoked_at IS NULL AND family_id IS DISTINCT FROM ${except}`;
}

/**
 * Counts a sign-in attempt for the e-mail (`key`), the row locked while it runs: none when a lock is in force (no row
 * returned); otherwise `failed_count`, and `locked_until` set when this attempt reaches `maxFailures`.
 */
export function countLoginAttempt(key: string, maxFailures: number, lockMinutes: number): Sql {
  return sql`INSERT INTO login_attempts (email_hash, failed_count, locked_until, last_failed_at)
    VALUES (${key}, 1, CASE WHEN 1 >= ${maxFailures} THEN now() + make_interval(mins => ${lockMinutes}) END, now())
    ON CONFLICT (email_hash) DO UPDATE SET
      failed_count = CASE WHEN login_attempts.locked_until IS NOT NULL THEN 1 ELSE login_attempts.failed_count + 1 END,
      locked_until = CASE WHEN (CASE WHEN login_attempts.locked_until IS NOT NULL THEN 1 ELSE login_attempts.failed_count + 1 END) >= ${maxFailures}
                          THEN now() + make_interval(mins => ${lockMinutes}) END,
      last_failed_at = now()
    WHERE login_attempts.locked_until IS NULL OR login_attempts.locked_until <= now()
    RETURNING failed_count, locked_until`;
}

export function loginLock(key: string): Sql {
  return sql`SELECT locked_until FROM login_attempts WHERE email_hash = ${key}`;
}

/** Clears the count of the e-mail, and a lock only when it is over or `ownLock` (this attempt set it). */
export function clearLoginAttempts(key: string, ownLock: boolean): Sql {
  return sql`DELETE FROM login_attempts WHERE email_hash = ${key} AND (locked_until IS NULL OR locked_until <= now() OR ${ownLock}::boolean)`;
}
