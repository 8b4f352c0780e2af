import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Cases1795858302529 implements MigrationInterface {
  name = 'Cases1795858302529';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TYPE \"public\".\"case_type\" AS ENUM('SOCIAL_TENSION', 'LOCAL_CONFLICT', 'CRISIS', 'PUBLIC_NUISANCE', 'PRIORITY_PLAN')");
    await queryRunner.query("CREATE TYPE \"public\".\"case_phase\" AS ENUM('SCANNING', 'ANALYSIS', 'RESPONSE', 'ASSESSMENT', 'CLOSED')");
    await queryRunner.query("CREATE TYPE \"public\".\"case_escalation\" AS ENUM('NORMAL', 'ELEVATED', 'CRISIS')");
    await queryRunner.query("CREATE TYPE \"public\".\"case_priority\" AS ENUM('LOW', 'MEDIUM', 'HIGH', 'URGENT')");
    await queryRunner.query("CREATE TYPE \"public\".\"case_outcome\" AS ENUM('ELIMINATED', 'REDUCED', 'LESS_SERIOUS', 'BETTER_HANDLED', 'LEAD_TRANSFERRED', 'UNRESOLVED')");
    await queryRunner.query("CREATE TABLE \"cases\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"reference\" character varying(40) NOT NULL, \"title\" character varying(200) NOT NULL, \"type\" \"public\".\"case_type\" NOT NULL, \"phase\" \"public\".\"case_phase\" NOT NULL DEFAULT 'SCANNING', \"escalation\" \"public\".\"case_escalation\" NOT NULL DEFAULT 'NORMAL', \"priority\" \"public\".\"case_priority\" NOT NULL DEFAULT 'MEDIUM', \"priority_rank\" smallint NOT NULL DEFAULT '2', \"district\" character varying(120) NOT NULL, \"address\" character varying(300) NOT NULL DEFAULT '', \"latitude\" double precision, \"longitude\" double precision, \"diagnosis_what\" text NOT NULL DEFAULT '', \"diagnosis_where\" text NOT NULL DEFAULT '', \"diagnosis_when\" text NOT NULL DEFAULT '', \"diagnosis_who\" text NOT NULL DEFAULT '', \"diagnosis_sources\" text NOT NULL DEFAULT '', \"goal\" text NOT NULL DEFAULT '', \"lead_organisation_id\" uuid NOT NULL, \"coordinator_id\" uuid NOT NULL, \"review_date\" date, \"outcome\" \"public\".\"case_outcome\", \"closing_assessment\" text, \"closed_at\" TIMESTAMP WITH TIME ZONE, \"last_activity_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"PK_264acb3048c240fb89aa34626db\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_cases_reference\" ON \"cases\"  (\"reference\") ");
    await queryRunner.query("CREATE INDEX \"ix_cases_lead\" ON \"cases\"  (\"lead_organisation_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_cases_priority\" ON \"cases\"  (\"priority_rank\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"ix_cases_review\" ON \"cases\"  (\"review_date\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"ix_cases_activity\" ON \"cases\"  (\"last_activity_at\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"case_sequences\" (\"organisation_id\" uuid NOT NULL, \"year\" integer NOT NULL, \"last_value\" integer NOT NULL, CONSTRAINT \"PK_add86e300833fe0507aa157d9dd\" PRIMARY KEY (\"organisation_id\", \"year\"))");
    await queryRunner.query("CREATE TYPE \"public\".\"participant_role\" AS ENUM('LEAD', 'PARTNER', 'CONSULTED')");
    await queryRunner.query("CREATE TABLE \"case_participants\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"case_id\" uuid NOT NULL, \"organisation_id\" uuid NOT NULL, \"role\" \"public\".\"participant_role\" NOT NULL, \"agreement_id\" uuid, \"override_reason\" character varying(1000), \"added_by_id\" uuid, \"added_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_f60cc53830af7c3e937ee13ef51\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_case_participants_org\" ON \"case_participants\"  (\"organisation_id\", \"case_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_case_participants\" ON \"case_participants\"  (\"case_id\", \"organisation_id\") ");
    await queryRunner.query("CREATE TYPE \"public\".\"case_update_kind\" AS ENUM('NOTE', 'MEETING', 'INCIDENT', 'DECISION', 'PHASE_CHANGE')");
    await queryRunner.query("CREATE TYPE \"public\".\"case_update_visibility\" AS ENUM('PARTNERS', 'AGENCIES', 'LEAD')");
    await queryRunner.query("CREATE TABLE \"case_updates\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"case_id\" uuid NOT NULL, \"kind\" \"public\".\"case_update_kind\" NOT NULL, \"visibility\" \"public\".\"case_update_visibility\" NOT NULL, \"body\" text NOT NULL, \"author_id\" uuid, \"author_organisation_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_eef6d98724ed8104e92b6e9167d\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_case_updates_case\" ON \"case_updates\"  (\"case_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE TYPE \"public\".\"partner_input_kind\" AS ENUM('OBSERVATION', 'PROPOSAL', 'COMMUNITY_FEEDBACK', 'CONCERN')");
    await queryRunner.query("CREATE TYPE \"public\".\"partner_input_status\" AS ENUM('SUBMITTED', 'ACKNOWLEDGED', 'ACCEPTED', 'DECLINED')");
    await queryRunner.query("CREATE TABLE \"partner_inputs\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"case_id\" uuid NOT NULL, \"organisation_id\" uuid NOT NULL, \"author_id\" uuid, \"kind\" \"public\".\"partner_input_kind\" NOT NULL, \"body\" text NOT NULL, \"status\" \"public\".\"partner_input_status\" NOT NULL DEFAULT 'SUBMITTED', \"response\" text, \"reviewed_by_id\" uuid, \"reviewed_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"PK_92debbac4abcbf2ed65325504eb\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_partner_inputs_case\" ON \"partner_inputs\"  (\"case_id\", \"status\", \"created_at\") ");
    await queryRunner.query("CREATE TYPE \"public\".\"triangle_role\" AS ENUM('OFFENDER', 'VICTIM', 'PLACE', 'HANDLER', 'GUARDIAN', 'MANAGER', 'COMMUNITY')");
    await queryRunner.query("CREATE TYPE \"public\".\"stakeholder_level\" AS ENUM('LOW', 'MEDIUM', 'HIGH')");
    await queryRunner.query("CREATE TYPE \"public\".\"stakeholder_attitude\" AS ENUM('SUPPORTIVE', 'NEUTRAL', 'OPPOSED', 'UNKNOWN')");
    await queryRunner.query("CREATE TABLE \"stakeholders\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"case_id\" uuid NOT NULL, \"name\" character varying(200) NOT NULL, \"triangle_role\" \"public\".\"triangle_role\" NOT NULL, \"interests\" text NOT NULL DEFAULT '', \"influence\" \"public\".\"stakeholder_level\" NOT NULL DEFAULT 'MEDIUM', \"attitude\" \"public\".\"stakeholder_attitude\" NOT NULL DEFAULT 'UNKNOWN', \"contact_details\" text NOT NULL DEFAULT '', \"notes\" text NOT NULL DEFAULT '', \"created_by_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"PK_74b5b503a4a44039a4a4b117ec6\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_stakeholders_case\" ON \"stakeholders\"  (\"case_id\") ");
    await queryRunner.query("CREATE TYPE \"public\".\"risk_status\" AS ENUM('OPEN', 'MITIGATING', 'ACCEPTED', 'CLOSED')");
    await queryRunner.query("CREATE TABLE \"trust_risks\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"case_id\" uuid NOT NULL, \"title\" character varying(200) NOT NULL, \"description\" text NOT NULL DEFAULT '', \"likelihood\" smallint NOT NULL, \"impact\" smallint NOT NULL, \"score\" smallint NOT NULL, \"mitigation\" text NOT NULL DEFAULT '', \"owner_organisation_id\" uuid, \"owner_user_id\" uuid, \"status\" \"public\".\"risk_status\" NOT NULL DEFAULT 'OPEN', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"PK_2ef0c396b5de5d00703fcb4ead9\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_trust_risks_case\" ON \"trust_risks\"  (\"case_id\", \"score\") ");
    await queryRunner.query("ALTER TABLE \"cases\" ADD CONSTRAINT \"FK_cedd94048ed70533f1874220bba\" FOREIGN KEY (\"lead_organisation_id\") REFERENCES \"organisations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"cases\" ADD CONSTRAINT \"FK_d8547c6dda4bf435318afb04324\" FOREIGN KEY (\"coordinator_id\") REFERENCES \"users\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"case_participants\" ADD CONSTRAINT \"FK_8d5282220bfe50de99b355798d5\" FOREIGN KEY (\"case_id\") REFERENCES \"cases\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"case_participants\" ADD CONSTRAINT \"FK_840fbf2acbfdcfa66cbca803153\" FOREIGN KEY (\"organisation_id\") REFERENCES \"organisations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"case_updates\" ADD CONSTRAINT \"FK_e540ea2aaaf479771a7f2373529\" FOREIGN KEY (\"case_id\") REFERENCES \"cases\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"partner_inputs\" ADD CONSTRAINT \"FK_4c57ca960fa75786214fbac2757\" FOREIGN KEY (\"case_id\") REFERENCES \"cases\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"stakeholders\" ADD CONSTRAINT \"FK_4fc108c70f08ff3afde2e5193ed\" FOREIGN KEY (\"case_id\") REFERENCES \"cases\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"trust_risks\" ADD CONSTRAINT \"FK_e43a876c3753b079acd2d9cf5ad\" FOREIGN KEY (\"case_id\") REFERENCES \"cases\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"trust_risks\" DROP CONSTRAINT \"FK_e43a876c3753b079acd2d9cf5ad\"");
    await queryRunner.query("ALTER TABLE \"stakeholders\" DROP CONSTRAINT \"FK_4fc108c70f08ff3afde2e5193ed\"");
    await queryRunner.query("ALTER TABLE \"partner_inputs\" DROP CONSTRAINT \"FK_4c57ca960fa75786214fbac2757\"");
    await queryRunner.query("ALTER TABLE \"case_updates\" DROP CONSTRAINT \"FK_e540ea2aaaf479771a7f2373529\"");
    await queryRunner.query("ALTER TABLE \"case_participants\" DROP CONSTRAINT \"FK_840fbf2acbfdcfa66cbca803153\"");
    await queryRunner.query("ALTER TABLE \"case_participants\" DROP CONSTRAINT \"FK_8d5282220bfe50de99b355798d5\"");
    await queryRunner.query("ALTER TABLE \"cases\" DROP CONSTRAINT \"FK_d8547c6dda4bf435318afb04324\"");
    await queryRunner.query("ALTER TABLE \"cases\" DROP CONSTRAINT \"FK_cedd94048ed70533f1874220bba\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_trust_risks_case\"");
    await queryRunner.query("DROP TABLE \"trust_risks\"");
    await queryRunner.query("DROP TYPE \"public\".\"risk_status\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_stakeholders_case\"");
    await queryRunner.query("DROP TABLE \"stakeholders\"");
    await queryRunner.query("DROP TYPE \"public\".\"stakeholder_attitude\"");
    await queryRunner.query("DROP TYPE \"public\".\"stakeholder_level\"");
    await queryRunner.query("DROP TYPE \"public\".\"triangle_role\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_partner_inputs_case\"");
    await queryRunner.query("DROP TABLE \"partner_inputs\"");
    await queryRunner.query("DROP TYPE \"public\".\"partner_input_status\"");
    await queryRunner.query("DROP TYPE \"public\".\"partner_input_kind\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_case_updates_case\"");
    await queryRunner.query("DROP TABLE \"case_updates\"");
    await queryRunner.query("DROP TYPE \"public\".\"case_update_visibility\"");
    await queryRunner.query("DROP TYPE \"public\".\"case_update_kind\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_case_participants\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_case_participants_org\"");
    await queryRunner.query("DROP TABLE \"case_participants\"");
    await queryRunner.query("DROP TYPE \"public\".\"participant_role\"");
    await queryRunner.query("DROP TABLE \"case_sequences\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_cases_activity\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_cases_review\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_cases_priority\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_cases_lead\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_cases_reference\"");
    await queryRunner.query("DROP TABLE \"cases\"");
    await queryRunner.query("DROP TYPE \"public\".\"case_outcome\"");
    await queryRunner.query("DROP TYPE \"public\".\"case_priority\"");
    await queryRunner.query("DROP TYPE \"public\".\"case_escalation\"");
    await queryRunner.query("DROP TYPE \"public\".\"case_phase\"");
    await queryRunner.query("DROP TYPE \"public\".\"case_type\"");
  }
}
