import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data migration: events published before fan-out completion was recorded count as fanned out (their jobs ran,
 * or failed in a way nothing could see), so that the reconciler does not re-enqueue the whole history at once.
 */
export class OutboxFanOutBackfill1796182265066 implements MigrationInterface {
  name = 'OutboxFanOutBackfill1796182265066';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('UPDATE "outbox_events" SET "fanned_out_at" = "published_at" WHERE "published_at" IS NOT NULL AND "fanned_out_at" IS NULL');
  }

  public async down(): Promise<void> {
    // Nothing to undo: the column goes with the schema migration's down.
  }
}
