import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxFanOutCompletion1796182264966 implements MigrationInterface {
  name = 'OutboxFanOutCompletion1796182264966';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"outbox_events\" ADD \"fanned_out_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"outbox_events\" ADD \"requeued_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"outbox_events\" ADD \"requeues\" integer NOT NULL DEFAULT '0'");
    await queryRunner.query("CREATE INDEX \"ix_outbox_unfinished\" ON \"outbox_events\"  (\"published_at\") WHERE \"published_at\" IS NOT NULL AND \"fanned_out_at\" IS NULL");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"ix_outbox_unfinished\"");
    await queryRunner.query("ALTER TABLE \"outbox_events\" DROP COLUMN \"requeues\"");
    await queryRunner.query("ALTER TABLE \"outbox_events\" DROP COLUMN \"requeued_at\"");
    await queryRunner.query("ALTER TABLE \"outbox_events\" DROP COLUMN \"fanned_out_at\"");
  }
}
