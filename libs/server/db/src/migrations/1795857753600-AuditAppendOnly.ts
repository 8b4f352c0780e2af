import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail is append-only, enforced by the database itself: UPDATE, DELETE and TRUNCATE on
 * audit_events raise an error, whoever the client is. (Written by hand: triggers are not entity metadata.)
 */
export class AuditAppendOnly1795857753600 implements MigrationInterface {
  name = 'AuditAppendOnly1795857753600';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END;
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER audit_events_no_truncate ON audit_events');
    await queryRunner.query('DROP TRIGGER audit_events_no_update_delete ON audit_events');
    await queryRunner.query('DROP FUNCTION audit_events_append_only()');
  }
}
