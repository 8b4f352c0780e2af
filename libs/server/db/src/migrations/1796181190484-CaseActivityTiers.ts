import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseActivityTiers1796181190484 implements MigrationInterface {
  name = 'CaseActivityTiers1796181190484';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"cases\" ADD \"agencies_activity_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"cases\" ADD \"lead_activity_at\" TIMESTAMP WITH TIME ZONE");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"cases\" DROP COLUMN \"lead_activity_at\"");
    await queryRunner.query("ALTER TABLE \"cases\" DROP COLUMN \"agencies_activity_at\"");
  }
}
