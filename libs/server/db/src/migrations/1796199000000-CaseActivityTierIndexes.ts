import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseActivityTierIndexes1796199000000 implements MigrationInterface {
  name = 'CaseActivityTierIndexes1796199000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"ix_cases_agencies_activity\" ON \"cases\"  (\"agencies_activity_at\", \"id\") WHERE \"agencies_activity_at\" IS NOT NULL");
    await queryRunner.query("CREATE INDEX \"ix_cases_lead_activity\" ON \"cases\"  (\"lead_activity_at\", \"id\") WHERE \"lead_activity_at\" IS NOT NULL");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"ix_cases_lead_activity\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_cases_agencies_activity\"");
  }
}
