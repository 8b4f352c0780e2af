import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity } from './organisation.entity';

/** An organisation's HTTPS endpoint for events; signed deliveries; disabled after repeated failure. */
@Entity('webhook_endpoints')
@Index('ix_webhook_endpoints_org', ['organisationId'])
export class WebhookEndpointEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ type: 'varchar', length: 500 })
  url: string;

  /** The HMAC-SHA256 key; shown once when the endpoint is registered. */
  @Column({ type: 'varchar', length: 100, select: false })
  secret: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  eventTypes: string[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'integer', default: 0 })
  consecutiveFailures: number;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}

/** One event to one endpoint; unique, so that retries never send a second delivery record. */
@Entity('webhook_deliveries')
@Index('uq_webhook_deliveries', ['endpointId', 'eventId'], { unique: true })
// The fan-out reads an event's pending deliveries.
@Index('ix_webhook_deliveries_event', ['eventId'])
// The reconciler's question: which deliveries are still pending.
@Index('ix_webhook_deliveries_pending', ['createdAt'], { where: `"status" = 'PENDING'` })
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  endpointId: string;

  @ManyToOne(() => WebhookEndpointEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id' })
  endpoint?: WebhookEndpointEntity;

  @Column({ type: 'uuid' })
  eventId: string;

  /** PENDING, DELIVERED, FAILED */
  @Column({ type: 'varchar', length: 12, default: 'PENDING' })
  status: string;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  /** A job is sending it until then (claimed before the request, released after): no second job sends it meanwhile. */
  @Column({ type: 'timestamptz', nullable: true })
  sendingUntil: Date | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  sendingJob: string | null;

  /** The reconciler's (or a resumption's) last re-dispatch of a delivery left PENDING, and the reconciler's count. */
  @Column({ type: 'timestamptz', nullable: true })
  requeuedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  requeues: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
