import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseLinks1796201000000 implements MigrationInterface {
  name = 'CaseLinks1796201000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TYPE \"public\".\"case_link_kind\" AS ENUM('RELATED', 'SAME_PLACE', 'SAME_PEOPLE', 'CONTINUATION_OF')");
    await queryRunner.query("CREATE TABLE \"case_links\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"case_id\" uuid NOT NULL, \"linked_case_id\" uuid NOT NULL, \"kind\" \"public\".\"case_link_kind\" NOT NULL, \"created_by_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_case_links\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_case_links_linked\" ON \"case_links\"  (\"linked_case_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_case_links_case\" ON \"case_links\"  (\"case_id\") ");
    await queryRunner.query("ALTER TABLE \"cases\" ADD \"merged_into_id\" uuid");
    await queryRunner.query("ALTER TABLE \"cases\" ADD \"merged_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"cases\" ADD CONSTRAINT \"fk_cases_merged_into\" FOREIGN KEY (\"merged_into_id\") REFERENCES \"cases\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"case_links\" ADD CONSTRAINT \"fk_case_links_case\" FOREIGN KEY (\"case_id\") REFERENCES \"cases\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"case_links\" ADD CONSTRAINT \"fk_case_links_linked_case\" FOREIGN KEY (\"linked_case_id\") REFERENCES \"cases\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"case_links\" ADD CONSTRAINT \"fk_case_links_created_by\" FOREIGN KEY (\"created_by_id\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    // By hand (TypeORM cannot express them): one link of a kind per unordered pair, never a case to itself, and the
    // trigram indexes of likely duplicates (pg_trgm: on the embedded PGlite too, loaded by tools/embedded-postgres-server.mjs).
    await queryRunner.query('CREATE UNIQUE INDEX "uq_case_links_pair" ON "case_links" (LEAST("case_id", "linked_case_id"), GREATEST("case_id", "linked_case_id"), "kind")');
    await queryRunner.query('ALTER TABLE "case_links" ADD CONSTRAINT "ck_case_links_distinct" CHECK ("case_id" <> "linked_case_id")');
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await queryRunner.query('CREATE INDEX "ix_cases_title_trgm" ON "cases" USING GIN ("title" gin_trgm_ops)');
    await queryRunner.query('CREATE INDEX "ix_cases_diagnosis_trgm" ON "cases" USING GIN ("diagnosis_what" gin_trgm_ops)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_cases_diagnosis_trgm"');
    await queryRunner.query('DROP INDEX "public"."ix_cases_title_trgm"');
    await queryRunner.query('DROP INDEX "public"."uq_case_links_pair"');
    await queryRunner.query("ALTER TABLE \"case_links\" DROP CONSTRAINT \"fk_case_links_created_by\"");
    await queryRunner.query("ALTER TABLE \"case_links\" DROP CONSTRAINT \"fk_case_links_linked_case\"");
    await queryRunner.query("ALTER TABLE \"case_links\" DROP CONSTRAINT \"fk_case_links_case\"");
    await queryRunner.query("ALTER TABLE \"cases\" DROP CONSTRAINT \"fk_cases_merged_into\"");
    await queryRunner.query("ALTER TABLE \"cases\" DROP COLUMN \"merged_at\"");
    await queryRunner.query("ALTER TABLE \"cases\" DROP COLUMN \"merged_into_id\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_case_links_case\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_case_links_linked\"");
    await queryRunner.query("DROP TABLE \"case_links\"");
    await queryRunner.query("DROP TYPE \"public\".\"case_link_kind\"");
  }
}
