import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxClaims1795861508332 implements MigrationInterface {
  name = 'OutboxClaims1795861508332';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"outbox_events\" ADD \"claimed_until\" TIMESTAMP WITH TIME ZONE");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"outbox_events\" DROP COLUMN \"claimed_until\"");
  }
}
