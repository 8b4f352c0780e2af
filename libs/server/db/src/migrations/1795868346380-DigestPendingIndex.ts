import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DigestPendingIndex1795868346380 implements MigrationInterface {
  name = 'DigestPendingIndex1795868346380';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"ix_notifications_digest_pending\" ON \"notifications\"  (\"user_id\") WHERE \"email_mode\" = 'DIGEST' AND \"emailed_at\" IS NULL");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"ix_notifications_digest_pending\"");
  }
}
