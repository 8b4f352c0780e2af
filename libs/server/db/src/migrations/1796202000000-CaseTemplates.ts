import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseTemplates1796202000000 implements MigrationInterface {
  name = 'CaseTemplates1796202000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"case_templates\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"case_type\" \"public\".\"case_type\" NOT NULL, \"version\" integer NOT NULL, \"items\" jsonb NOT NULL, \"created_by_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_d7cf70bae2d8c8d0d4846ded9ff\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_case_templates_type_version\" ON \"case_templates\"  (\"case_type\", \"version\") ");
    await queryRunner.query("CREATE TABLE \"case_pending_tasks\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"case_id\" uuid NOT NULL, \"template_id\" uuid NOT NULL, \"item_key\" character varying(40) NOT NULL, \"title\" character varying(200) NOT NULL, \"description\" text NOT NULL DEFAULT '', \"organisation_kind\" \"public\".\"organisation_kind\" NOT NULL, \"due_date\" date NOT NULL, \"effort_points\" smallint NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_319f56734fb3e8b19615146baa7\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_case_pending_tasks_case\" ON \"case_pending_tasks\"  (\"case_id\", \"due_date\") ");
    await queryRunner.query("ALTER TABLE \"cases\" ADD \"template_id\" uuid");
    await queryRunner.query("ALTER TABLE \"cases\" ADD CONSTRAINT \"FK_863029b41df2cec5bfbf9171a72\" FOREIGN KEY (\"template_id\") REFERENCES \"case_templates\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"case_pending_tasks\" ADD CONSTRAINT \"FK_c0c3bfdbf78037cb6a449cdffb2\" FOREIGN KEY (\"case_id\") REFERENCES \"cases\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"case_pending_tasks\" ADD CONSTRAINT \"FK_e223696ac97001e60216af811b2\" FOREIGN KEY (\"template_id\") REFERENCES \"case_templates\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"case_pending_tasks\" DROP CONSTRAINT \"FK_e223696ac97001e60216af811b2\"");
    await queryRunner.query("ALTER TABLE \"case_pending_tasks\" DROP CONSTRAINT \"FK_c0c3bfdbf78037cb6a449cdffb2\"");
    await queryRunner.query("ALTER TABLE \"cases\" DROP CONSTRAINT \"FK_863029b41df2cec5bfbf9171a72\"");
    await queryRunner.query("ALTER TABLE \"cases\" DROP COLUMN \"template_id\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_case_pending_tasks_case\"");
    await queryRunner.query("DROP TABLE \"case_pending_tasks\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_case_templates_type_version\"");
    await queryRunner.query("DROP TABLE \"case_templates\"");
  }
}
