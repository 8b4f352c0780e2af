import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Attachments1796200000000 implements MigrationInterface {
  name = 'Attachments1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"attachments\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"case_id\" uuid NOT NULL, \"update_id\" uuid, \"partner_input_id\" uuid, \"file_name\" character varying(255) NOT NULL, \"content_type\" character varying(120) NOT NULL, \"size_bytes\" bigint NOT NULL, \"sha256\" character(64) NOT NULL, \"storage_key\" character varying(300) NOT NULL, \"thumbnail_key\" character varying(300), \"uploaded_by_id\" uuid, \"organisation_id\" uuid NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ck_attachments_one_parent\" CHECK (\"update_id\" IS NULL OR \"partner_input_id\" IS NULL), CONSTRAINT \"PK_5e1f050bcff31e3084a1d662412\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_attachments_partner_input\" ON \"attachments\"  (\"partner_input_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_attachments_update\" ON \"attachments\"  (\"update_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_attachments_case\" ON \"attachments\"  (\"case_id\", \"created_at\") ");
    await queryRunner.query("ALTER TABLE \"attachments\" ADD CONSTRAINT \"FK_2ecf0bc117c5bfeac567475c871\" FOREIGN KEY (\"case_id\") REFERENCES \"cases\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"attachments\" ADD CONSTRAINT \"FK_61df525252cc8ec5bfa68186e49\" FOREIGN KEY (\"update_id\") REFERENCES \"case_updates\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"attachments\" ADD CONSTRAINT \"FK_319400869bbabbcf7a48cf62da5\" FOREIGN KEY (\"partner_input_id\") REFERENCES \"partner_inputs\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"attachments\" DROP CONSTRAINT \"FK_319400869bbabbcf7a48cf62da5\"");
    await queryRunner.query("ALTER TABLE \"attachments\" DROP CONSTRAINT \"FK_61df525252cc8ec5bfa68186e49\"");
    await queryRunner.query("ALTER TABLE \"attachments\" DROP CONSTRAINT \"FK_2ecf0bc117c5bfeac567475c871\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_attachments_case\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_attachments_update\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_attachments_partner_input\"");
    await queryRunner.query("DROP TABLE \"attachments\"");
  }
}
