import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The full-text index of cases, on the expression CASE_SEARCH_SQL (libs/server/db/src/entities/case.entity.ts).
 * Written by hand: TypeORM cannot describe an expression index.
 */
export class CaseSearchIndex1795858302629 implements MigrationInterface {
  name = 'CaseSearchIndex1795858302629';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_cases_search" ON "cases" USING GIN ((to_tsvector('simple', reference || ' ' || title || ' ' || diagnosis_what || ' ' || diagnosis_where || ' ' || diagnosis_who)))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_cases_search"');
  }
}
