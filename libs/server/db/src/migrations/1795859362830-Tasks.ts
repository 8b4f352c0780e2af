import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Tasks1795859362830 implements MigrationInterface {
  name = 'Tasks1795859362830';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TYPE \"public\".\"action_kind\" AS ENUM('MEDIATION', 'COMMUNITY_MEETING', 'PATROL', 'PREVENTION', 'ENVIRONMENTAL_DESIGN', 'REFERRAL', 'COMMUNICATION', 'OTHER')");
    await queryRunner.query("CREATE TYPE \"public\".\"action_status\" AS ENUM('PLANNED', 'CANCELLED')");
    await queryRunner.query("CREATE TABLE \"actions\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"case_id\" uuid NOT NULL, \"kind\" \"public\".\"action_kind\" NOT NULL, \"title\" character varying(200) NOT NULL, \"description\" text NOT NULL DEFAULT '', \"lead_organisation_id\" uuid NOT NULL, \"starts_on\" date NOT NULL, \"ends_on\" date NOT NULL, \"status\" \"public\".\"action_status\" NOT NULL DEFAULT 'PLANNED', \"cancel_reason\" character varying(2000), \"created_by_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"PK_7bfb822f56be449c0b8adbf83cf\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_actions_case\" ON \"actions\"  (\"case_id\", \"starts_on\") ");
    await queryRunner.query("CREATE TYPE \"public\".\"task_status\" AS ENUM('PROPOSED', 'ACCEPTED', 'IN_PROGRESS', 'BLOCKED', 'DONE', 'DECLINED', 'CANCELLED')");
    await queryRunner.query("CREATE TABLE \"tasks\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"case_id\" uuid NOT NULL, \"action_id\" uuid, \"title\" character varying(200) NOT NULL, \"description\" text NOT NULL DEFAULT '', \"organisation_id\" uuid NOT NULL, \"assignee_id\" uuid, \"requested_by_id\" uuid, \"requester_organisation_id\" uuid NOT NULL, \"due_date\" date NOT NULL, \"priority\" \"public\".\"case_priority\" NOT NULL DEFAULT 'MEDIUM', \"effort_points\" smallint NOT NULL DEFAULT '1', \"status\" \"public\".\"task_status\" NOT NULL, \"status_before_block\" \"public\".\"task_status\", \"decline_reason\" character varying(2000), \"block_reason\" character varying(2000), \"capacity_override_reason\" character varying(2000), \"needs_reassignment\" boolean NOT NULL DEFAULT false, \"responded_at\" TIMESTAMP WITH TIME ZONE, \"completed_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"PK_8d12ff38fcc62aaba2cab748772\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_tasks_action\" ON \"tasks\"  (\"action_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_tasks_organisation\" ON \"tasks\"  (\"organisation_id\", \"status\") ");
    await queryRunner.query("CREATE INDEX \"ix_tasks_assignee\" ON \"tasks\"  (\"assignee_id\", \"due_date\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"ix_tasks_case\" ON \"tasks\"  (\"case_id\", \"due_date\", \"id\") ");
    await queryRunner.query("CREATE TYPE \"public\".\"unavailability_reason\" AS ENUM('LEAVE', 'SICK_LEAVE', 'TRAINING', 'OTHER')");
    await queryRunner.query("CREATE TABLE \"unavailabilities\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"user_id\" uuid NOT NULL, \"starts_on\" date NOT NULL, \"ends_on\" date NOT NULL, \"reason\" \"public\".\"unavailability_reason\" NOT NULL, \"created_by_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_458ea06a44ab7873b959f922833\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_unavailabilities_user\" ON \"unavailabilities\"  (\"user_id\", \"ends_on\") ");
    await queryRunner.query("CREATE TABLE \"task_reminders\" (\"task_id\" uuid NOT NULL, \"day\" date NOT NULL, \"kind\" character varying(20) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_580d9d28ff65753c9d9f095777d\" PRIMARY KEY (\"task_id\", \"day\", \"kind\"))");
    await queryRunner.query("ALTER TABLE \"actions\" ADD CONSTRAINT \"FK_ca93a96eca72b6f3d575ec4af36\" FOREIGN KEY (\"case_id\") REFERENCES \"cases\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"actions\" ADD CONSTRAINT \"FK_d6827ef9595d3400249493008eb\" FOREIGN KEY (\"lead_organisation_id\") REFERENCES \"organisations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"tasks\" ADD CONSTRAINT \"FK_3e67786c246786713f779cc99b0\" FOREIGN KEY (\"case_id\") REFERENCES \"cases\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"tasks\" ADD CONSTRAINT \"FK_96df55d444c3892771204ab18d0\" FOREIGN KEY (\"action_id\") REFERENCES \"actions\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"tasks\" ADD CONSTRAINT \"FK_ea46985a8c7921288fb2cb694f2\" FOREIGN KEY (\"organisation_id\") REFERENCES \"organisations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"tasks\" ADD CONSTRAINT \"FK_855d484825b715c545349212c7f\" FOREIGN KEY (\"assignee_id\") REFERENCES \"users\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"unavailabilities\" ADD CONSTRAINT \"FK_fd89bac2e32911acd536b4078aa\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"unavailabilities\" DROP CONSTRAINT \"FK_fd89bac2e32911acd536b4078aa\"");
    await queryRunner.query("ALTER TABLE \"tasks\" DROP CONSTRAINT \"FK_855d484825b715c545349212c7f\"");
    await queryRunner.query("ALTER TABLE \"tasks\" DROP CONSTRAINT \"FK_ea46985a8c7921288fb2cb694f2\"");
    await queryRunner.query("ALTER TABLE \"tasks\" DROP CONSTRAINT \"FK_96df55d444c3892771204ab18d0\"");
    await queryRunner.query("ALTER TABLE \"tasks\" DROP CONSTRAINT \"FK_3e67786c246786713f779cc99b0\"");
    await queryRunner.query("ALTER TABLE \"actions\" DROP CONSTRAINT \"FK_d6827ef9595d3400249493008eb\"");
    await queryRunner.query("ALTER TABLE \"actions\" DROP CONSTRAINT \"FK_ca93a96eca72b6f3d575ec4af36\"");
    await queryRunner.query("DROP TABLE \"task_reminders\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_unavailabilities_user\"");
    await queryRunner.query("DROP TABLE \"unavailabilities\"");
    await queryRunner.query("DROP TYPE \"public\".\"unavailability_reason\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_tasks_case\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_tasks_assignee\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_tasks_organisation\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_tasks_action\"");
    await queryRunner.query("DROP TABLE \"tasks\"");
    await queryRunner.query("DROP TYPE \"public\".\"task_status\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_actions_case\"");
    await queryRunner.query("DROP TABLE \"actions\"");
    await queryRunner.query("DROP TYPE \"public\".\"action_status\"");
    await queryRunner.query("DROP TYPE \"public\".\"action_kind\"");
  }
}
