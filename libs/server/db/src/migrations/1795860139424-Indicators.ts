import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Indicators1795860139424 implements MigrationInterface {
  name = 'Indicators1795860139424';

  // The four enum types are shared by indicator_catalogue and indicators: created once (TypeORM generated them twice).
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TYPE \"public\".\"indicator_unit\" AS ENUM('PERCENT', 'COUNT', 'SCORE')");
    await queryRunner.query("CREATE TYPE \"public\".\"indicator_direction\" AS ENUM('INCREASE', 'DECREASE')");
    await queryRunner.query("CREATE TYPE \"public\".\"indicator_source\" AS ENUM('SURVEY', 'POLICE_RECORDS', 'THREAT_MAP', 'PARTNER_REPORT', 'OBSERVATION')");
    await queryRunner.query("CREATE TYPE \"public\".\"indicator_cadence\" AS ENUM('MONTHLY', 'QUARTERLY', 'SEMIANNUAL', 'ANNUAL')");
    await queryRunner.query("CREATE TABLE \"indicator_catalogue\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"code\" character varying(40) NOT NULL, \"version\" integer NOT NULL, \"name_pl\" character varying(200) NOT NULL, \"name_en\" character varying(200) NOT NULL, \"description_pl\" text NOT NULL, \"description_en\" text NOT NULL, \"unit\" \"public\".\"indicator_unit\" NOT NULL, \"direction\" \"public\".\"indicator_direction\" NOT NULL, \"source\" \"public\".\"indicator_source\" NOT NULL, \"cadence\" \"public\".\"indicator_cadence\" NOT NULL, \"created_by_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_d761af9792e8f6c6044cc7eebad\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_indicator_catalogue_code_version\" ON \"indicator_catalogue\"  (\"code\", \"version\") ");
    await queryRunner.query("CREATE TABLE \"indicators\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"case_id\" uuid NOT NULL, \"catalogue_entry_id\" uuid, \"code\" character varying(40), \"name\" character varying(200) NOT NULL, \"unit\" \"public\".\"indicator_unit\" NOT NULL, \"direction\" \"public\".\"indicator_direction\" NOT NULL, \"source\" \"public\".\"indicator_source\" NOT NULL, \"cadence\" \"public\".\"indicator_cadence\" NOT NULL, \"baseline_value\" double precision NOT NULL, \"baseline_date\" date NOT NULL, \"target_value\" double precision NOT NULL, \"target_date\" date NOT NULL, \"created_by_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"PK_6e24383c110600564187e92042e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_indicators_catalogue\" ON \"indicators\"  (\"catalogue_entry_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_indicators_case\" ON \"indicators\"  (\"case_id\") ");
    await queryRunner.query("CREATE TABLE \"measurements\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"indicator_id\" uuid NOT NULL, \"value\" double precision NOT NULL, \"measured_on\" date NOT NULL, \"source_note\" character varying(1000) NOT NULL DEFAULT '', \"sample_size\" integer, \"supersedes_id\" uuid, \"recorded_by_id\" uuid, \"recorded_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_3c0e7812563f27fd68e8271661b\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_measurements_supersedes\" ON \"measurements\"  (\"supersedes_id\") WHERE \"supersedes_id\" IS NOT NULL");
    await queryRunner.query("CREATE INDEX \"ix_measurements_indicator\" ON \"measurements\"  (\"indicator_id\", \"measured_on\") ");
    await queryRunner.query("CREATE TABLE \"indicator_reminders\" (\"indicator_id\" uuid NOT NULL, \"period\" character varying(10) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_2053800f480d242c410b06641b1\" PRIMARY KEY (\"indicator_id\", \"period\"))");
    await queryRunner.query("ALTER TABLE \"cases\" ADD \"indicator_waiver_reason\" text");
    await queryRunner.query("ALTER TABLE \"indicators\" ADD CONSTRAINT \"FK_6dbe5de9771daf4e2dfea4da0e0\" FOREIGN KEY (\"case_id\") REFERENCES \"cases\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"indicators\" ADD CONSTRAINT \"FK_56d02ddb39dc54ab6ecc050483f\" FOREIGN KEY (\"catalogue_entry_id\") REFERENCES \"indicator_catalogue\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"measurements\" ADD CONSTRAINT \"FK_31e8589279c73b088c669b9bd85\" FOREIGN KEY (\"indicator_id\") REFERENCES \"indicators\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"measurements\" ADD CONSTRAINT \"FK_449c4fb8e25105057d10a15d266\" FOREIGN KEY (\"supersedes_id\") REFERENCES \"measurements\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"measurements\" DROP CONSTRAINT \"FK_449c4fb8e25105057d10a15d266\"");
    await queryRunner.query("ALTER TABLE \"measurements\" DROP CONSTRAINT \"FK_31e8589279c73b088c669b9bd85\"");
    await queryRunner.query("ALTER TABLE \"indicators\" DROP CONSTRAINT \"FK_56d02ddb39dc54ab6ecc050483f\"");
    await queryRunner.query("ALTER TABLE \"indicators\" DROP CONSTRAINT \"FK_6dbe5de9771daf4e2dfea4da0e0\"");
    await queryRunner.query("ALTER TABLE \"cases\" DROP COLUMN \"indicator_waiver_reason\"");
    await queryRunner.query("DROP TABLE \"indicator_reminders\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_measurements_indicator\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_measurements_supersedes\"");
    await queryRunner.query("DROP TABLE \"measurements\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_indicators_case\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_indicators_catalogue\"");
    await queryRunner.query("DROP TABLE \"indicators\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_indicator_catalogue_code_version\"");
    await queryRunner.query("DROP TABLE \"indicator_catalogue\"");
    await queryRunner.query("DROP TYPE \"public\".\"indicator_cadence\"");
    await queryRunner.query("DROP TYPE \"public\".\"indicator_source\"");
    await queryRunner.query("DROP TYPE \"public\".\"indicator_direction\"");
    await queryRunner.query("DROP TYPE \"public\".\"indicator_unit\"");
  }
}
