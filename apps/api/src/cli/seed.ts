import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@cg/server/config';
import { ParticipantRole, PRIORITY_RANK, TaskStatus, Visibility } from '@cg/shared/domain';
import {
  AuditEventEntity,
  CaseEntity,
  CaseParticipantEntity,
  CaseUpdateEntity,
  dataSourceOptions,
  execute,
  query,
  sql,
  OrganisationEntity,
  PartnerInputEntity,
  PartnershipAgreementEntity,
  StakeholderEntity,
  TaskEntity,
  ActionEntity,
  TrustRiskEntity,
  UserEntity,
  IndicatorEntity,
  IndicatorCatalogueEntity,
  MeasurementEntity,
  OutboxService,
} from '@cg/server/db';
import type { EntityManager } from 'typeorm';
import { PasswordService } from '@cg/server/identity';
import { DEMO_CASES } from './demo-cases';
import { DEMO_ACTIONS, DEMO_TASKS } from './demo-tasks';
import { DEMO_INDICATORS } from './demo-indicators';
import { seedDemoMap } from './demo-map';
import { seedAttachments } from './demo-attachments';
import { seedTemplateCase } from './demo-templates';
import { seedLinks } from './demo-links';
import { DEMO_AGREEMENTS, DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_USERS } from './demo-data';

/**
 * Loads the Legionowo demo partnership. Idempotent (what exists is left alone); refused in production,
 * since every demo account shares one printed password.
 */
export async function seedDemo(databaseUrl: string, poolSize = 2): Promise<{ created: boolean }> {
  const dataSource = new DataSource({ ...dataSourceOptions({ url: databaseUrl, poolSize, logQueries: false }), extra: { max: poolSize } });
  await dataSource.initialize();
  try {
    return await dataSource.transaction(async (manager) => {
      const orgs = manager.getRepository(OrganisationEntity);
      if (await orgs.exists({ where: { code: 'KPPLEG' } })) return { created: false };
      const ids = new Map<string, string>();
      for (const demo of DEMO_ORGANISATIONS) {
        const saved = await orgs.save(
          orgs.create({ name: demo.name, code: demo.code, kind: demo.kind, area: demo.area, parentId: demo.parent ? (ids.get(demo.parent) ?? null) : null, active: true }),
        );
        ids.set(demo.code, saved.id);
      }
      const passwordHash = await new PasswordService().hash(DEMO_PASSWORD);
      const users = manager.getRepository(UserEntity);
      const userIds = new Map<string, string>();
      for (const demo of DEMO_USERS) {
        const saved = await users.save(
          users.create({ email: demo.email, displayName: demo.displayName, organisationId: ids.get(demo.organisation) ?? '', roles: demo.roles, locale: demo.locale, weeklyCapacity: demo.weeklyCapacity, passwordHash, active: true }),
        );
        userIds.set(demo.email, saved.id);
      }
      const agreements = manager.getRepository(PartnershipAgreementEntity);
      for (const demo of DEMO_AGREEMENTS) {
        await agreements.save(
          agreements.create({ organisationAId: ids.get(demo.a) ?? '', organisationBId: ids.get(demo.b) ?? '', purpose: demo.purpose, dataCategories: demo.dataCategories, validFrom: demo.validFrom, validTo: demo.validTo, status: demo.status }),
        );
      }
      await seedCases(manager, ids, userIds);
      await manager.getRepository(AuditEventEntity).insert({ action: 'demo.seed', outcome: 'SUCCESS', entityType: 'Demo', entityId: null, changes: {}, reason: 'demo data loaded', requestId: 'seed' });
      return { created: true };
    });
  } finally {
    await dataSource.destroy();
  }
}

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000);
const tierActivity = (updates: { visibility: Visibility; daysAgo: number }[], tier: Visibility) => {
  const days = updates.filter((u) => u.visibility === tier).map((u) => u.daysAgo);
  return days.length ? daysAgo(Math.min(...days)) : null;
};

/** The four demo cases, with partners, stakeholders, risks, updates of each visibility and NGO input. */
async function seedCases(manager: EntityManager, orgs: Map<string, string>, users: Map<string, string>): Promise<void> {
  const org = (code: string) => orgs.get(code) ?? '';
  const user = (email: string) => users.get(email) ?? null;
  const year = new Date().getFullYear();
  const caseIds: string[] = [];
  for (const demo of DEMO_CASES) {
    const [sequence] = await query<{ last_value: number }>(
      manager,
      sql`INSERT INTO case_sequences (organisation_id, year, last_value) VALUES (${org(demo.lead)}, ${year}, 1)
          ON CONFLICT (organisation_id, year) DO UPDATE SET last_value = case_sequences.last_value + 1 RETURNING last_value`,
    );
    const code = DEMO_ORGANISATIONS.find((o) => o.code === demo.lead)?.code ?? demo.lead;
    const created = await manager.getRepository(CaseEntity).save({
      reference: `${code}/${year}/${String(sequence?.last_value ?? 1).padStart(4, '0')}`,
      title: demo.title,
      type: demo.type,
      phase: demo.phase,
      escalation: demo.escalation,
      priority: demo.priority,
      priorityRank: PRIORITY_RANK[demo.priority],
      district: demo.district,
      address: demo.address,
      latitude: demo.latitude,
      longitude: demo.longitude,
      diagnosisWhat: demo.diagnosis.what,
      diagnosisWhere: demo.diagnosis.where,
      diagnosisWhen: demo.diagnosis.when,
      diagnosisWho: demo.diagnosis.who,
      diagnosisSources: demo.diagnosis.sources,
      goal: demo.goal,
      reviewDate: demo.reviewDate,
      leadOrganisationId: org(demo.lead),
      coordinatorId: user(demo.coordinator) ?? '',
      // Each visibility tier's last activity from its own updates, so that no reader sees a jump it cannot read.
      lastActivityAt: daysAgo(Math.min(...demo.updates.filter((u) => u.visibility === Visibility.PARTNERS).map((u) => u.daysAgo), 30)),
      agenciesActivityAt: tierActivity(demo.updates, Visibility.AGENCIES),
      leadActivityAt: tierActivity(demo.updates, Visibility.LEAD),
    });
    const caseId = created.id;
    caseIds.push(caseId);
    await manager.getRepository(CaseParticipantEntity).insert([
      { caseId, organisationId: org(demo.lead), role: ParticipantRole.LEAD },
      ...demo.partners.map((p) => ({ caseId, organisationId: org(p.org), role: p.role, agreementId: null })),
    ]);
    const lead = org(demo.lead);
    await execute(
      manager,
      sql`UPDATE case_participants cp SET agreement_id = a.id FROM partnership_agreements a
           WHERE cp.case_id = ${caseId} AND cp.role <> 'LEAD' AND a.status = 'ACTIVE'
             AND a.valid_from <= current_date AND (a.valid_to IS NULL OR a.valid_to >= current_date)
             AND ((a.organisation_a_id = ${lead} AND a.organisation_b_id = cp.organisation_id) OR (a.organisation_b_id = ${lead} AND a.organisation_a_id = cp.organisation_id))`,
    );
    // An override shares what the lapsed agreement shared (what the partners agreed to go on with while it is renewed).
    await execute(
      manager,
      sql`UPDATE case_participants cp
             SET override_reason = 'Porozumienie wygasło i jest w trakcie odnowienia; udział uzgodniony na spotkaniu partnerów',
                 granted_categories = coalesce(
                   (SELECT a.data_categories FROM partnership_agreements a
                     WHERE (a.organisation_a_id = ${lead} AND a.organisation_b_id = cp.organisation_id) OR (a.organisation_b_id = ${lead} AND a.organisation_a_id = cp.organisation_id)
                     ORDER BY a.valid_to DESC NULLS FIRST LIMIT 1),
                   ARRAY['CASE_CONTENT', 'TASKS']::text[])
           WHERE cp.case_id = ${caseId} AND cp.role <> 'LEAD' AND cp.agreement_id IS NULL`,
    );
    if (demo.stakeholders.length) {
      await manager.getRepository(StakeholderEntity).insert(
        demo.stakeholders.map((s) => ({ caseId, name: s.name, triangleRole: s.role, interests: s.interests, influence: s.influence, attitude: s.attitude, contactDetails: s.contact, notes: s.notes })),
      );
    }
    if (demo.risks.length) {
      await manager.getRepository(TrustRiskEntity).insert(
        demo.risks.map((r) => ({ caseId, title: r.title, description: r.description, likelihood: r.likelihood, impact: r.impact, score: r.likelihood * r.impact, mitigation: r.mitigation, ownerOrganisationId: org(r.owner), status: r.status })),
      );
    }
    await manager.getRepository(CaseUpdateEntity).insert(
      demo.updates.map((u) => ({ caseId, kind: u.kind, visibility: u.visibility, body: u.body, authorId: user(u.author), authorOrganisationId: null, createdAt: daysAgo(u.daysAgo) })),
    );
    await execute(manager, sql`UPDATE case_updates u SET author_organisation_id = a.organisation_id FROM users a WHERE a.id = u.author_id AND u.case_id = ${caseId}`);
    if (demo.inputs.length) {
      await manager.getRepository(PartnerInputEntity).insert(
        demo.inputs.map((i) => ({
          caseId,
          organisationId: org(i.org),
          authorId: user(i.author),
          kind: i.kind,
          body: i.body,
          status: i.status,
          response: i.response ?? null,
          reviewedById: i.response ? user(demo.coordinator) : null,
          reviewedAt: i.response ? daysAgo(Math.max(i.daysAgo - 1, 0)) : null,
          createdAt: daysAgo(i.daysAgo),
        })),
      );
    }
  }
  await seedTasks(manager, caseIds, org, user);
  await seedTemplateCase(manager, caseIds, user('k.nowak@kpp-legionowo.test'));
  await seedIndicators(manager, caseIds, user('a.wisniewska@kpp-legionowo.test'));
  await seedLinks(manager, caseIds, user('k.nowak@kpp-legionowo.test'));
  await seedEvents(manager, caseIds);
  await seedDemoMap(manager);
  await seedAttachments(manager, caseIds[0]!);
}

/**
 * Domain events for the demo's latest moves, so that the worker's first minutes show notifications
 * arriving: the escalation of the Piaski case, the open request to the mediation foundation, the
 * community feedback awaiting review and the latest updates of each visibility.
 */
async function seedEvents(manager: EntityManager, caseIds: string[]): Promise<void> {
  const outbox = new OutboxService();
  const seed = { requestId: 'seed' };
  const piaski = caseIds[0];
  if (piaski) {
    await outbox.emit(manager, 'case.escalated', { type: 'Case', id: piaski }, { caseId: piaski, from: 'NORMAL', to: 'ELEVATED' }, seed);
  }
  const requests = await query<{ id: string; case_id: string; organisation_id: string; requester_organisation_id: string; assignee_id: string | null }>(
    manager,
    sql`SELECT t.id, t.case_id, t.organisation_id, t.requester_organisation_id, t.assignee_id
          FROM tasks t WHERE t.status = 'PROPOSED' AND t.requester_organisation_id <> t.organisation_id`,
  );
  await outbox.emitMany(
    manager,
    'task.requested',
    requests.map((t) => ({
      aggregate: { type: 'Task', id: t.id },
      payload: { caseId: t.case_id, taskId: t.id, organisationId: t.organisation_id, requesterOrganisationId: t.requester_organisation_id, assigneeId: t.assignee_id },
    })),
    seed,
  );
  const inputs = await query<{ id: string; case_id: string; organisation_id: string }>(
    manager,
    sql`SELECT i.id, i.case_id, i.organisation_id FROM partner_inputs i WHERE i.status = 'SUBMITTED'`,
  );
  await outbox.emitMany(
    manager,
    'case.input-submitted',
    inputs.map((i) => ({ aggregate: { type: 'Case', id: i.case_id }, payload: { caseId: i.case_id, inputId: i.id, organisationId: i.organisation_id } })),
    seed,
  );
  // The latest update of each case and visibility, by its author.
  const updates = await query<{ id: string; case_id: string; kind: string; visibility: string; author_id: string | null }>(
    manager,
    sql`SELECT DISTINCT ON (u.case_id, u.visibility) u.id, u.case_id, u.kind, u.visibility, u.author_id
          FROM case_updates u WHERE u.case_id = ANY(${caseIds})
         ORDER BY u.case_id, u.visibility, u.created_at DESC`,
  );
  for (const u of updates) {
    await outbox.emit(manager, 'case.update-posted', { type: 'Case', id: u.case_id }, { caseId: u.case_id, updateId: u.id, kind: u.kind, visibility: u.visibility }, { ...seed, actorUserId: u.author_id });
  }
}

async function seedIndicators(manager: EntityManager, caseIds: string[], recorder: string | null): Promise<void> {
  for (const demo of DEMO_INDICATORS) {
    const entry = await manager.getRepository(IndicatorCatalogueEntity).findOneOrFail({ where: { code: demo.code }, order: { version: 'DESC' } });
    const indicator = await manager.getRepository(IndicatorEntity).save({
      caseId: caseIds[demo.caseIndex] ?? '',
      catalogueEntryId: entry.id,
      code: entry.code,
      name: entry.namePl,
      unit: entry.unit,
      direction: entry.direction,
      source: entry.source,
      cadence: entry.cadence,
      baselineValue: demo.baseline,
      baselineDate: inDays(-demo.baselineDaysAgo),
      targetValue: demo.target,
      targetDate: inDays(demo.targetInDays),
      createdById: recorder,
    });
    if (demo.series.length) {
      const inserted = await manager.getRepository(MeasurementEntity).insert(
        demo.series.map(([ago, value]) => ({ indicatorId: indicator.id, value, measuredOn: inDays(-ago), sourceNote: 'dane demonstracyjne', recordedById: recorder })),
      );
      const corrected = demo.correction && demo.series[demo.correction.of];
      if (demo.correction && corrected) {
        await manager.getRepository(MeasurementEntity).insert({
          indicatorId: indicator.id,
          value: demo.correction.value,
          measuredOn: inDays(-corrected[0]),
          sourceNote: demo.correction.note,
          supersedesId: String(inserted.identifiers[demo.correction.of]!.id),
          recordedById: recorder,
        });
      }
    }
  }
}

const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);

async function seedTasks(manager: EntityManager, caseIds: string[], org: (code: string) => string, user: (email: string) => string | null): Promise<void> {
  const actionIds = new Map<string, string>();
  for (const demo of DEMO_ACTIONS) {
    const saved = await manager.getRepository(ActionEntity).save({
      caseId: caseIds[demo.caseIndex] ?? '',
      kind: demo.kind,
      title: demo.title,
      leadOrganisationId: org(demo.lead),
      startsOn: inDays(demo.startsInDays),
      endsOn: inDays(demo.startsInDays + demo.lastsDays),
    });
    actionIds.set(demo.key, saved.id);
  }
  for (const demo of DEMO_TASKS) {
    const requester = user(demo.requestedBy);
    const [requesting] = await query<{ organisation_id: string }>(manager, sql`SELECT organisation_id FROM users WHERE id = ${requester}`);
    const requesterOrganisation = requesting?.organisation_id as string;
    const createdAt = daysAgo(demo.createdDaysAgo);
    await manager.getRepository(TaskEntity).insert({
      caseId: caseIds[demo.caseIndex] ?? '',
      actionId: demo.action ? (actionIds.get(demo.action) ?? null) : null,
      title: demo.title,
      organisationId: org(demo.organisation),
      assigneeId: demo.assignee ? user(demo.assignee) : null,
      requestedById: requester,
      requesterOrganisationId: requesterOrganisation,
      dueDate: inDays(demo.dueInDays),
      effortPoints: demo.effort,
      priority: demo.priority,
      status: demo.status,
      statusBeforeBlock: demo.blockReason ? TaskStatus.IN_PROGRESS : null,
      declineReason: demo.declineReason ?? null,
      blockReason: demo.blockReason ?? null,
      capacityOverrideReason: demo.overrideReason ?? null,
      respondedAt: demo.answeredAfterHours !== undefined ? new Date(createdAt.getTime() + demo.answeredAfterHours * 3600 * 1000) : null,
      completedAt: demo.status === 'DONE' ? daysAgo(demo.createdDaysAgo - 2) : null,
      createdAt,
    });
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.isProduction) throw new Error('Demo data is never loaded in production (NODE_ENV=production).');
  const { created } = await seedDemo(config.database.url);
  process.stdout.write(created ? 'Demo data loaded: the Legionowo partnership.\n' : 'Demo data already present.\n');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`Seeding failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
