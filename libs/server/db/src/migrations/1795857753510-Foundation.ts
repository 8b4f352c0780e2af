import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795857753510 implements MigrationInterface {
  name = 'Foundation1795857753510';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"audit_events\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"occurred_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), \"actor_user_id\" uuid, \"actor_organisation_id\" uuid, \"action\" character varying(80) NOT NULL, \"outcome\" character varying(20) NOT NULL, \"entity_type\" character varying(60) NOT NULL, \"entity_id\" character varying(64), \"changes\" jsonb NOT NULL DEFAULT '{}'::jsonb, \"reason\" character varying(500), \"client_address\" character varying(64), \"request_id\" character varying(64), CONSTRAINT \"PK_910f64d901a5c3e9878f0d4a407\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_audit_events_entity\" ON \"audit_events\"  (\"entity_type\", \"entity_id\", \"occurred_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_audit_events_actor\" ON \"audit_events\"  (\"actor_user_id\", \"occurred_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_audit_events_time\" ON \"audit_events\"  (\"occurred_at\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"login_attempts\" (\"email_hash\" character(64) NOT NULL, \"failed_count\" integer NOT NULL DEFAULT '0', \"locked_until\" TIMESTAMP WITH TIME ZONE, \"last_failed_at\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"PK_8242a4fadd0ca42fa5f921d767e\" PRIMARY KEY (\"email_hash\"))");
    await queryRunner.query("CREATE TYPE \"public\".\"organisation_kind\" AS ENUM('POLICE_UNIT', 'MUNICIPALITY', 'MUNICIPAL_GUARD', 'SOCIAL_SERVICES', 'SCHOOL', 'HOUSING', 'NGO', 'OTHER')");
    await queryRunner.query("CREATE TABLE \"organisations\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(200) NOT NULL, \"code\" character varying(12) NOT NULL, \"kind\" \"public\".\"organisation_kind\" NOT NULL, \"parent_id\" uuid, \"area\" character varying(300) NOT NULL DEFAULT '', \"active\" boolean NOT NULL DEFAULT true, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"PK_7bf54cba378d5b2f1d4c10ef4df\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_organisations_name\" ON \"organisations\"  (\"name\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_organisations_code\" ON \"organisations\"  (\"code\") ");
    await queryRunner.query("CREATE INDEX \"ix_organisations_parent\" ON \"organisations\"  (\"parent_id\") ");
    await queryRunner.query("CREATE TABLE \"outbox_events\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"type\" character varying(80) NOT NULL, \"aggregate_type\" character varying(60) NOT NULL, \"aggregate_id\" uuid NOT NULL, \"payload\" jsonb NOT NULL DEFAULT '{}'::jsonb, \"actor_user_id\" uuid, \"request_id\" character varying(64), \"occurred_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), \"published_at\" TIMESTAMP WITH TIME ZONE, \"attempts\" integer NOT NULL DEFAULT '0', CONSTRAINT \"PK_6689a16c00d09b8089f6237f1d2\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_outbox_unpublished\" ON \"outbox_events\"  (\"occurred_at\") WHERE \"published_at\" IS NULL");
    await queryRunner.query("CREATE TYPE \"public\".\"agreement_status\" AS ENUM('DRAFT', 'ACTIVE', 'SUSPENDED', 'TERMINATED')");
    await queryRunner.query("CREATE TABLE \"partnership_agreements\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"organisation_a_id\" uuid NOT NULL, \"organisation_b_id\" uuid NOT NULL, \"purpose\" character varying(2000) NOT NULL, \"data_categories\" text array NOT NULL DEFAULT '{}', \"valid_from\" date NOT NULL, \"valid_to\" date, \"status\" \"public\".\"agreement_status\" NOT NULL DEFAULT 'ACTIVE', \"created_by_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"PK_d340c62316978c9e889dfd8ebfe\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_agreements_org_b\" ON \"partnership_agreements\"  (\"organisation_b_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_agreements_org_a\" ON \"partnership_agreements\"  (\"organisation_a_id\") ");
    await queryRunner.query("CREATE TABLE \"users\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"organisation_id\" uuid NOT NULL, \"email\" character varying(254) NOT NULL, \"display_name\" character varying(200) NOT NULL, \"password_hash\" character varying(200) NOT NULL, \"roles\" text array NOT NULL DEFAULT '{}', \"locale\" character varying(2) NOT NULL DEFAULT 'pl', \"weekly_capacity\" integer NOT NULL DEFAULT '20', \"active\" boolean NOT NULL DEFAULT true, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"PK_a3ffb1c0c8416b9fc6f907b7433\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_users_email\" ON \"users\"  (\"email\") ");
    await queryRunner.query("CREATE INDEX \"ix_users_organisation\" ON \"users\"  (\"organisation_id\") ");
    await queryRunner.query("CREATE TABLE \"refresh_tokens\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"family_id\" uuid NOT NULL, \"user_id\" uuid NOT NULL, \"token_hash\" character(64) NOT NULL, \"expires_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"used_at\" TIMESTAMP WITH TIME ZONE, \"revoked_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_7d8bee0204106019488c4c50ffa\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_refresh_tokens_expires\" ON \"refresh_tokens\"  (\"expires_at\") ");
    await queryRunner.query("CREATE INDEX \"ix_refresh_tokens_user\" ON \"refresh_tokens\"  (\"user_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_refresh_tokens_family\" ON \"refresh_tokens\"  (\"family_id\") ");
    await queryRunner.query("ALTER TABLE \"organisations\" ADD CONSTRAINT \"FK_41f1cc89689b55aede50d36d0ce\" FOREIGN KEY (\"parent_id\") REFERENCES \"organisations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"partnership_agreements\" ADD CONSTRAINT \"FK_f03cf7b1f627579cda1a1323729\" FOREIGN KEY (\"organisation_a_id\") REFERENCES \"organisations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"partnership_agreements\" ADD CONSTRAINT \"FK_91620b372b5f93dc99471c01f9b\" FOREIGN KEY (\"organisation_b_id\") REFERENCES \"organisations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"users\" ADD CONSTRAINT \"FK_2fc4294f8ec97da71d587dc5577\" FOREIGN KEY (\"organisation_id\") REFERENCES \"organisations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"refresh_tokens\" ADD CONSTRAINT \"FK_3ddc983c5f7bcf132fd8732c3f4\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"refresh_tokens\" DROP CONSTRAINT \"FK_3ddc983c5f7bcf132fd8732c3f4\"");
    await queryRunner.query("ALTER TABLE \"users\" DROP CONSTRAINT \"FK_2fc4294f8ec97da71d587dc5577\"");
    await queryRunner.query("ALTER TABLE \"partnership_agreements\" DROP CONSTRAINT \"FK_91620b372b5f93dc99471c01f9b\"");
    await queryRunner.query("ALTER TABLE \"partnership_agreements\" DROP CONSTRAINT \"FK_f03cf7b1f627579cda1a1323729\"");
    await queryRunner.query("ALTER TABLE \"organisations\" DROP CONSTRAINT \"FK_41f1cc89689b55aede50d36d0ce\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_refresh_tokens_family\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_refresh_tokens_user\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_refresh_tokens_expires\"");
    await queryRunner.query("DROP TABLE \"refresh_tokens\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_users_organisation\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_users_email\"");
    await queryRunner.query("DROP TABLE \"users\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_agreements_org_a\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_agreements_org_b\"");
    await queryRunner.query("DROP TABLE \"partnership_agreements\"");
    await queryRunner.query("DROP TYPE \"public\".\"agreement_status\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_outbox_unpublished\"");
    await queryRunner.query("DROP TABLE \"outbox_events\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_organisations_parent\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_organisations_code\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_organisations_name\"");
    await queryRunner.query("DROP TABLE \"organisations\"");
    await queryRunner.query("DROP TYPE \"public\".\"organisation_kind\"");
    await queryRunner.query("DROP TABLE \"login_attempts\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_audit_events_time\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_audit_events_actor\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_audit_events_entity\"");
    await queryRunner.query("DROP TABLE \"audit_events\"");
  }
}
