import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyKeys1796191263899 implements MigrationInterface {
  name = 'IdempotencyKeys1796191263899';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"idempotency_keys\" (\"user_id\" uuid NOT NULL, \"key\" character varying(128) NOT NULL, \"operation\" character varying(64) NOT NULL, \"input_hash\" character(64) NOT NULL, \"result\" jsonb NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_idempotency_keys\" PRIMARY KEY (\"user_id\", \"key\"))");
    await queryRunner.query("CREATE INDEX \"ix_idempotency_keys_created\" ON \"idempotency_keys\"  (\"created_at\") ");
    await queryRunner.query("ALTER TABLE \"idempotency_keys\" ADD CONSTRAINT \"FK_4d2181624ba2d61e76a07175198\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"idempotency_keys\" DROP CONSTRAINT \"FK_4d2181624ba2d61e76a07175198\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_idempotency_keys_created\"");
    await queryRunner.query("DROP TABLE \"idempotency_keys\"");
  }
}
