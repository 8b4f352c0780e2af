import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeliveryRedispatch1796193809861 implements MigrationInterface {
  name = 'DeliveryRedispatch1796193809861';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"webhook_deliveries\" ADD \"sending_until\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"webhook_deliveries\" ADD \"sending_job\" character varying(200)");
    await queryRunner.query("ALTER TABLE \"webhook_deliveries\" ADD \"requeued_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"webhook_deliveries\" ADD \"requeues\" integer NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE \"outbox_events\" ADD \"email_requeued_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"outbox_events\" ADD \"email_requeues\" integer NOT NULL DEFAULT '0'");
    await queryRunner.query("CREATE INDEX \"ix_notifications_email_pending\" ON \"notifications\"  (\"event_id\") WHERE \"email_mode\" = 'IMMEDIATE' AND \"emailed_at\" IS NULL");
    await queryRunner.query("CREATE INDEX \"ix_webhook_deliveries_pending\" ON \"webhook_deliveries\"  (\"created_at\") WHERE \"status\" = 'PENDING'");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"ix_webhook_deliveries_pending\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_notifications_email_pending\"");
    await queryRunner.query("ALTER TABLE \"outbox_events\" DROP COLUMN \"email_requeues\"");
    await queryRunner.query("ALTER TABLE \"outbox_events\" DROP COLUMN \"email_requeued_at\"");
    await queryRunner.query("ALTER TABLE \"webhook_deliveries\" DROP COLUMN \"requeues\"");
    await queryRunner.query("ALTER TABLE \"webhook_deliveries\" DROP COLUMN \"requeued_at\"");
    await queryRunner.query("ALTER TABLE \"webhook_deliveries\" DROP COLUMN \"sending_job\"");
    await queryRunner.query("ALTER TABLE \"webhook_deliveries\" DROP COLUMN \"sending_until\"");
  }
}
