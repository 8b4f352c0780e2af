import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The map and hotspots (issue 16): a case's area polygon, and the indexes the grid query uses (no PostGIS). */
export class CaseLocation1796203000000 implements MigrationInterface {
  name = 'CaseLocation1796203000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"cases\" ADD \"area_polygon\" jsonb");
    await queryRunner.query("CREATE INDEX \"ix_cases_location\" ON \"cases\" (\"latitude\", \"longitude\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"ix_case_updates_kind\" ON \"case_updates\" (\"kind\", \"case_id\", \"created_at\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"ix_case_updates_kind\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_cases_location\"");
    await queryRunner.query("ALTER TABLE \"cases\" DROP COLUMN \"area_polygon\"");
  }
}
