import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { CaseOutcome, CasePhase, CasePriority, CaseType, Escalation, type GeoPolygon } from '@cg/shared/domain';
import { OrganisationEntity } from './organisation.entity';
import { UserEntity } from './user.entity';
import { CaseTemplateEntity } from './case-template.entity';

/** A long-running local problem that partners work on together (SARA). */
@Entity('cases')
@Index('ix_cases_activity', ['lastActivityAt', 'id'])
// The other activity tiers, for a page in a reader's activity order (cases.queries.ts, activityPage); most cases
// have none, so only those that do are indexed.
@Index('ix_cases_agencies_activity', ['agenciesActivityAt', 'id'], { where: `"agencies_activity_at" IS NOT NULL` })
@Index('ix_cases_lead_activity', ['leadActivityAt', 'id'], { where: `"lead_activity_at" IS NOT NULL` })
@Index('ix_cases_review', ['reviewDate', 'id'])
@Index('ix_cases_priority', ['priorityRank', 'id'])
@Index('ix_cases_lead', ['leadOrganisationId'])
// The map and the hotspot grid: a range on latitude, then longitude, covering what the grid counts (no PostGIS).
@Index('ix_cases_location', ['latitude', 'longitude', 'createdAt', 'id'])
// A GIN index over CASE_SEARCH_SQL, created by hand in a migration (TypeORM cannot express it).
@Index('ix_cases_search', { synchronize: false })
// Trigram GIN indexes over the title and the diagnosis (likely duplicates), created by hand in a migration.
@Index('ix_cases_title_trgm', { synchronize: false })
@Index('ix_cases_diagnosis_trgm', { synchronize: false })
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Human-readable, unique: `<lead code>/<year>/<number>`, e.g. `KPPLEG/2026/0007`. */
  @Index('uq_cases_reference', { unique: true })
  @Column({ type: 'varchar', length: 40 })
  reference: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'enum', enum: CaseType, enumName: 'case_type' })
  type: CaseType;

  @Column({ type: 'enum', enum: CasePhase, enumName: 'case_phase', default: CasePhase.SCANNING })
  phase: CasePhase;

  @Column({ type: 'enum', enum: Escalation, enumName: 'case_escalation', default: Escalation.NORMAL })
  escalation: Escalation;

  @Column({ type: 'enum', enum: CasePriority, enumName: 'case_priority', default: CasePriority.MEDIUM })
  priority: CasePriority;

  /** 1 (low) … 4 (urgent), kept beside `priority` so that ordering by priority uses an index. */
  @Column({ type: 'smallint', default: 2 })
  priorityRank: number;

  @Column({ type: 'varchar', length: 120 })
  district: string;

  @Column({ type: 'varchar', length: 300, default: '' })
  address: string;

  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  /** The area of the problem, a small GeoJSON polygon (`geoPolygonProblem` of @cg/shared/domain holds it small), or none. */
  @Column({ type: 'jsonb', nullable: true })
  areaPolygon: GeoPolygon | null;

  @Column({ type: 'text', default: '' })
  diagnosisWhat: string;

  @Column({ type: 'text', default: '' })
  diagnosisWhere: string;

  @Column({ type: 'text', default: '' })
  diagnosisWhen: string;

  @Column({ type: 'text', default: '' })
  diagnosisWho: string;

  @Column({ type: 'text', default: '' })
  diagnosisSources: string;

  @Column({ type: 'text', default: '' })
  goal: string;

  @Column({ type: 'uuid' })
  leadOrganisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_organisation_id' })
  leadOrganisation?: OrganisationEntity;

  @Column({ type: 'uuid' })
  coordinatorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'coordinator_id' })
  coordinator?: UserEntity;

  @Column({ type: 'date', nullable: true })
  reviewDate: string | null;

  @Column({ type: 'enum', enum: CaseOutcome, enumName: 'case_outcome', nullable: true })
  outcome: CaseOutcome | null;

  @Column({ type: 'text', nullable: true })
  closingAssessment: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** Why the case closed although an indicator had no measurement after its baseline. */
  @Column({ type: 'text', nullable: true })
  indicatorWaiverReason: string | null;

  /** The version of its type's template the case was opened with (null: opened without one). */
  @Column({ type: 'uuid', nullable: true })
  templateId: string | null;

  @ManyToOne(() => CaseTemplateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id' })
  template?: CaseTemplateEntity | null;

  /**
   * Last activity, per visibility tier (written by `touchCase`): what every reader of the case sees, what
   * readers of AGENCIES updates see, what readers of LEAD updates see. A reader's last activity is the
   * latest of the tiers its rules allow (`caseActivity` in authz), never an update it may not read.
   */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastActivityAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  agenciesActivityAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  leadActivityAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;

  /**
   * Set when the case was merged into another (issue 16): the surviving case, which this one's id answers from then
   * on. Merging repoints the cases merged into this one, so it is one step whatever the chain.
   */
  @Column({ type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @ManyToOne(() => CaseEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'merged_into_id', foreignKeyConstraintName: 'fk_cases_merged_into' })
  mergedInto?: CaseEntity;

  @Column({ type: 'timestamptz', nullable: true })
  mergedAt: Date | null;
}

/**
 * Full-text search over reference, title and diagnosis ('simple' configuration: Polish and English alike).
 * The GIN index `ix_cases_search` is built on exactly this expression; queries must use it verbatim.
 */
export const CASE_SEARCH_SQL = (alias: string) =>
  `to_tsvector('simple', ${alias}.reference || ' ' || ${alias}.title || ' ' || ${alias}.diagnosis_what || ' ' || ${alias}.diagnosis_where || ' ' || ${alias}.diagnosis_who)`;
