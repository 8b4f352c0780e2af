import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhookDeliveriesByEvent1795867281488 implements MigrationInterface {
  name = 'WebhookDeliveriesByEvent1795867281488';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"ix_webhook_deliveries_event\" ON \"webhook_deliveries\"  (\"event_id\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"ix_webhook_deliveries_event\"");
  }
}
