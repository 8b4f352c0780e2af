import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1795860656632 implements MigrationInterface {
  name = 'Notifications1795860656632';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"notifications\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"event_id\" uuid NOT NULL, \"user_id\" uuid NOT NULL, \"type\" character varying(80) NOT NULL, \"case_id\" uuid, \"payload\" jsonb NOT NULL DEFAULT '{}', \"email_mode\" character varying(10) NOT NULL, \"emailed_at\" TIMESTAMP WITH TIME ZONE, \"read_at\" TIMESTAMP WITH TIME ZONE, \"occurred_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_6a72c3c0f683f6462415e653c3a\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_notifications_unread\" ON \"notifications\"  (\"user_id\") WHERE \"read_at\" IS NULL");
    await queryRunner.query("CREATE INDEX \"ix_notifications_user\" ON \"notifications\"  (\"user_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_notifications_event_user\" ON \"notifications\"  (\"event_id\", \"user_id\") ");
    await queryRunner.query("CREATE TYPE \"public\".\"notification_mode\" AS ENUM('IMMEDIATE', 'DIGEST', 'OFF')");
    await queryRunner.query("CREATE TABLE \"notification_preferences\" (\"user_id\" uuid NOT NULL, \"event_type\" character varying(80) NOT NULL, \"mode\" \"public\".\"notification_mode\" NOT NULL, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_9b2bd20ed7079ec010254888cda\" PRIMARY KEY (\"user_id\", \"event_type\"))");
    await queryRunner.query("CREATE TABLE \"digests\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"user_id\" uuid NOT NULL, \"day\" date NOT NULL, \"notification_count\" integer NOT NULL, \"sent_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_3849fbafde59a8a4abf182ad18c\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_digests_user_day\" ON \"digests\"  (\"user_id\", \"day\") ");
    await queryRunner.query("CREATE TABLE \"webhook_endpoints\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"organisation_id\" uuid NOT NULL, \"url\" character varying(500) NOT NULL, \"secret\" character varying(100) NOT NULL, \"event_types\" text array NOT NULL DEFAULT '{}', \"active\" boolean NOT NULL DEFAULT true, \"consecutive_failures\" integer NOT NULL DEFAULT '0', \"disabled_at\" TIMESTAMP WITH TIME ZONE, \"created_by_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"PK_054c4cfb95223732f5939d2d546\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_webhook_endpoints_org\" ON \"webhook_endpoints\"  (\"organisation_id\") ");
    await queryRunner.query("CREATE TABLE \"webhook_deliveries\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"endpoint_id\" uuid NOT NULL, \"event_id\" uuid NOT NULL, \"status\" character varying(12) NOT NULL DEFAULT 'PENDING', \"attempts\" integer NOT NULL DEFAULT '0', \"last_status_code\" integer, \"last_error\" character varying(500), \"delivered_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_535dd409947fb6d8fc6dfc0112a\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_webhook_deliveries\" ON \"webhook_deliveries\"  (\"endpoint_id\", \"event_id\") ");
    await queryRunner.query("ALTER TABLE \"users\" ADD \"time_zone\" character varying(60) NOT NULL DEFAULT 'Europe/Warsaw'");
    await queryRunner.query("ALTER TABLE \"notifications\" ADD CONSTRAINT \"FK_9a8a82462cab47c73d25f49261f\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"webhook_endpoints\" ADD CONSTRAINT \"FK_7d7382d4de6412d2e90e9141185\" FOREIGN KEY (\"organisation_id\") REFERENCES \"organisations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"webhook_deliveries\" ADD CONSTRAINT \"FK_0b882c26a9b91c26e6e86b4867c\" FOREIGN KEY (\"endpoint_id\") REFERENCES \"webhook_endpoints\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"webhook_deliveries\" DROP CONSTRAINT \"FK_0b882c26a9b91c26e6e86b4867c\"");
    await queryRunner.query("ALTER TABLE \"webhook_endpoints\" DROP CONSTRAINT \"FK_7d7382d4de6412d2e90e9141185\"");
    await queryRunner.query("ALTER TABLE \"notifications\" DROP CONSTRAINT \"FK_9a8a82462cab47c73d25f49261f\"");
    await queryRunner.query("ALTER TABLE \"users\" DROP COLUMN \"time_zone\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_webhook_deliveries\"");
    await queryRunner.query("DROP TABLE \"webhook_deliveries\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_webhook_endpoints_org\"");
    await queryRunner.query("DROP TABLE \"webhook_endpoints\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_digests_user_day\"");
    await queryRunner.query("DROP TABLE \"digests\"");
    await queryRunner.query("DROP TABLE \"notification_preferences\"");
    await queryRunner.query("DROP TYPE \"public\".\"notification_mode\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_notifications_event_user\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_notifications_user\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_notifications_unread\"");
    await queryRunner.query("DROP TABLE \"notifications\"");
  }
}
