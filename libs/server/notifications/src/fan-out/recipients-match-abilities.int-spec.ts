import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  ALL_DATA_CATEGORIES,
  ALL_ROLES,
  DataCategory,
  NOTIFIABLE_EVENTS,
  OrganisationKind,
  Role,
  SHARED_WITH,
  UpdateKind,
  Visibility,
  type NotifiableEvent,
  type SharingFacts,
} from '@cg/shared/domain';
import { abilityOf, subjectOf, type AppAbility } from '@cg/server/authz';
import { dataSourceOptions, query, sql, type OrganisationEntity, type PartnershipAgreementEntity, type UserEntity } from '@cg/server/db';
import { createTestDatabase, Fixtures } from '@cg/server/testing';
import { recipientsOf } from './recipients';

/**
 * The fan-out's recipients (recipients.ts, SQL over a batch) and the CASL abilities (ability.ts, one person at a time)
 * state the same access rules twice (docs/decisions/004-recipients-in-sql.md). This test holds them equal: for every
 * notifiable event type, over a case whose members are organisations of every kind on every basis of participation
 * (lead, agreement sharing all / some categories, lapsed agreement, override) plus organisations outside it, each with a
 * person in every role (and a deactivated one), the people the SQL tells are exactly those whom the event addresses
 * (its coordinators, its assignee, its author…) and whose ability may read — or act on — the thing it tells of.
 *
 * A rule loosened or tightened on one side only fails here, naming the event and the people told by one side alone.
 * The actor's exclusion (never told of one's own change) is not an access rule; apps/worker/test/recipients.int-spec.ts
 * holds it.
 */

interface World {
  caseId: string;
  lead: OrganisationEntity;
  orgs: Record<string, OrganisationEntity>;
  agreements: PartnershipAgreementEntity[];
}

interface Member {
  user: UserEntity;
  org: OrganisationEntity;
  label: string;
  /** What the person may do when signed in; null when they cannot sign in (deactivated, or their organisation is). */
  ability: AppAbility | null;
}

/** One event and, for each person, whether they should hear of it. */
interface Expectation {
  label: string;
  payload: Record<string, unknown>;
  told: (member: Member, ability: AppAbility) => boolean;
}

interface TaskRow {
  id: string;
  organisationId: string;
  assigneeId: string | null;
  requestedById: string;
  requesterOrganisationId: string;
}

describe('fan-out recipients equal the people whose abilities may read what they are told of', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions({ url: database.url, poolSize: 2, logQueries: false })).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('for every event type × kind of member × visibility and kind of update', async () => {
    const fixtures = new Fixtures(dataSource);
    const org = (kind: OrganisationKind, active = true) => fixtures.organisation({ kind, active });
    const orgs: Record<string, OrganisationEntity> = {
      police: await org(OrganisationKind.POLICE_UNIT),
      city: await org(OrganisationKind.MUNICIPALITY),
      guard: await org(OrganisationKind.MUNICIPAL_GUARD),
      social: await org(OrganisationKind.SOCIAL_SERVICES),
      school: await org(OrganisationKind.SCHOOL),
      housing: await org(OrganisationKind.HOUSING),
      ngo: await org(OrganisationKind.NGO),
      ngoIncidents: await org(OrganisationKind.NGO),
      other: await org(OrganisationKind.OTHER),
      dormant: await org(OrganisationKind.MUNICIPALITY, false),
      outsider: await org(OrganisationKind.SOCIAL_SERVICES),
      outsiderNgo: await org(OrganisationKind.NGO),
    };
    const lead = orgs.police!;
    const on = (name: string) => orgs[name]!;

    // Every organisation has a person in every role, and a deactivated coordinator.
    const members: Member[] = [];
    for (const [name, organisation] of Object.entries(orgs)) {
      for (const role of ALL_ROLES) members.push(await member(fixtures, organisation, `${name}/${role}`, [role], true));
      members.push(await member(fixtures, organisation, `${name}/${Role.COORDINATOR}(deactivated)`, [Role.COORDINATOR], false));
    }
    const coordinatorOf = (organisation: OrganisationEntity) => members.find((m) => m.org.id === organisation.id && m.label.endsWith(`/${Role.COORDINATOR}`))!.user;

    // The case: led by the police, with participants on every basis, and organisations that do not take part.
    const caseId = randomUUID();
    await dataSource.query(
      `INSERT INTO cases (id, reference, title, type, district, lead_organisation_id, coordinator_id) VALUES ($1, $2, 'Hałas na podwórku', 'PUBLIC_NUISANCE', 'Piaski', $3, $4)`,
      [caseId, `EQV/2026/${randomBytes(2).toString('hex')}`, lead.id, coordinatorOf(lead).id],
    );
    const participate = (organisation: OrganisationEntity, role: 'LEAD' | 'PARTNER' | 'CONSULTED', override?: DataCategory[]) =>
      dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role, override_reason, granted_categories) VALUES ($1, $2, $3, $4, $5)`, [
        caseId,
        organisation.id,
        role,
        override ? 'Pilna potrzeba' : null,
        override ?? [],
      ]);
    await participate(lead, 'LEAD');
    for (const name of ['city', 'guard', 'social', 'housing', 'ngo', 'ngoIncidents', 'other', 'dormant']) await participate(on(name), 'PARTNER');
    // No agreement: takes part on a coordinator's override, granting incidents and tasks.
    await participate(on('school'), 'CONSULTED', [DataCategory.INCIDENT_DATA, DataCategory.TASKS]);
    const agreements = [
      await fixtures.agreement(lead, on('city')),
      await fixtures.agreement(lead, on('guard'), { dataCategories: [DataCategory.CASE_CONTENT] }),
      // Lapsed: the social services take part on no basis (suspended), seeing the header only.
      await fixtures.agreement(on('social'), lead, { validTo: '2020-12-31' }),
      await fixtures.agreement(lead, on('housing'), { dataCategories: [DataCategory.TASKS, DataCategory.INDICATORS, DataCategory.STAKEHOLDER_CONTACTS] }),
      await fixtures.agreement(lead, on('ngo')),
      await fixtures.agreement(lead, on('ngoIncidents'), { dataCategories: [DataCategory.INCIDENT_DATA, DataCategory.TASKS] }),
      await fixtures.agreement(lead, on('other')),
      await fixtures.agreement(lead, on('dormant')),
      // In force, but the organisation does not take part in the case.
      await fixtures.agreement(lead, on('outsider')),
      await fixtures.agreement(on('city'), on('ngo')),
    ];
    const world: World = { caseId, lead, orgs, agreements };

    // The facts the abilities judge by, read back from the database as CaseAccess reads them.
    const sharing = await query<{ organisation_id: string; categories: DataCategory[] }>(dataSource, sql`SELECT organisation_id, categories FROM case_sharing WHERE case_id = ${caseId}`);
    const facts = {
      leadOrganisationId: lead.id,
      participantOrganisationIds: sharing.map((s) => s.organisation_id),
      ...(Object.fromEntries(ALL_DATA_CATEGORIES.map((c) => [SHARED_WITH[c], sharing.filter((s) => s.categories.includes(c)).map((s) => s.organisation_id)])) as SharingFacts),
    };

    // Tasks for every organisation (nobody named), for every person (named), and requested by every person.
    const task = async (row: Omit<TaskRow, 'id'>): Promise<TaskRow> => {
      const id = randomUUID();
      await dataSource.query(
        `INSERT INTO tasks (id, case_id, title, organisation_id, assignee_id, requester_organisation_id, requested_by_id, due_date, status) VALUES ($1, $2, 'Zadanie', $3, $4, $5, $6, '2026-12-10', 'ACCEPTED')`,
        [id, caseId, row.organisationId, row.assigneeId, row.requesterOrganisationId, row.requestedById],
      );
      return { id, ...row };
    };
    const byLead = { requestedById: coordinatorOf(lead).id, requesterOrganisationId: lead.id };
    const tasksFor: TaskRow[] = [];
    for (const organisation of Object.values(orgs)) tasksFor.push(await task({ organisationId: organisation.id, assigneeId: null, ...byLead }));
    for (const m of members) tasksFor.push(await task({ organisationId: m.org.id, assigneeId: m.user.id, ...byLead }));
    const tasksBy: TaskRow[] = [];
    for (const m of members) tasksBy.push(await task({ organisationId: on('city').id, assigneeId: null, requestedById: m.user.id, requesterOrganisationId: m.org.id }));
    // Partner input of two organisations, and one by every person (whose answer only its author hears).
    const input = async (author: Member) => {
      const [row] = await query<{ id: string }>(
        dataSource,
        sql`INSERT INTO partner_inputs (case_id, organisation_id, author_id, kind, body) VALUES (${caseId}, ${author.org.id}, ${author.user.id}, 'OBSERVATION', 'Uwagi mieszkańców') RETURNING id`,
      );
      return { id: row!.id, author };
    };
    const submitted = [await input(members.find((m) => m.label === 'ngo/PARTNER')!), await input(members.find((m) => m.label === 'city/STAFF')!)];
    const inputs: { id: string; author: Member }[] = [];
    for (const m of members) inputs.push(await input(m));

    const label = (m: Member) => m.label;
    const inOrg = (m: Member, organisation: { id: string }) => m.org.id === organisation.id;
    const coordinator = (m: Member) => m.user.roles.includes(Role.COORDINATOR);
    const taskSubject = (t: TaskRow) => subjectOf('Task', { ...facts, ...t });
    const taskPayload = (t: TaskRow) => ({ taskId: t.id, organisationId: t.organisationId, assigneeId: t.assigneeId });
    const caseSubject = subjectOf('Case', { id: caseId, ...facts });
    const orgName = (id: string) => Object.entries(world.orgs).find(([, o]) => o.id === id)![0];
    const participants = Object.values(orgs).filter((o) => facts.participantOrganisationIds.includes(o.id) && o.id !== lead.id);
    const nonParticipants = Object.values(orgs).filter((o) => !facts.participantOrganisationIds.includes(o.id));

    /**
     * Per event type (a new notifiable event fails to compile until it is listed here): the events of the batch, and for
     * each, who should hear of it: the people it addresses, among those whose ability allows the action on the thing.
     */
    const EXPECTED: Record<NotifiableEvent, () => Expectation[]> = {
      'case.update-posted': () =>
        [Visibility.PARTNERS, Visibility.AGENCIES, Visibility.LEAD].flatMap((visibility) =>
          [UpdateKind.NOTE, UpdateKind.INCIDENT, UpdateKind.DECISION].map((kind) => ({
            label: `${visibility} ${kind}`,
            payload: { visibility, kind },
            told: (_m: Member, ability: AppAbility) => ability.can('read', subjectOf('CaseUpdate', { ...facts, kind, visibility })),
          })),
        ),
      // The case's header: every participant's coordinators.
      'case.escalated': () => [{ label: 'escalated', payload: { from: 'ELEVATED', to: 'CRISIS' }, told: (m, ability) => coordinator(m) && ability.can('read', caseSubject) }],
      'case.phase-changed': () => [{ label: 'phase changed', payload: { from: 'SCANNING', to: 'ANALYSIS' }, told: (_m, ability) => ability.can('read', caseSubject) }],
      'case.closed': () => [{ label: 'closed', payload: {}, told: (_m, ability) => ability.can('read', caseSubject) }],
      'case.reopened': () => [{ label: 'reopened', payload: {}, told: (_m, ability) => ability.can('read', caseSubject) }],
      // Those who review partner input hear of it.
      'case.input-submitted': () =>
        submitted.map((i) => ({
          label: `input of ${i.author.label}`,
          payload: { inputId: i.id, organisationId: i.author.org.id },
          told: (_m, ability) => ability.can('review', subjectOf('PartnerInput', { ...facts, organisationId: i.author.org.id })),
        })),
      // Its author hears the answer, if they may still read it.
      'case.input-reviewed': () =>
        inputs.map((i) => ({
          label: `answer to ${i.author.label}`,
          payload: { inputId: i.id, organisationId: i.author.org.id, status: 'ACCEPTED' },
          told: (m, ability) => m.user.id === i.author.user.id && ability.can('read', subjectOf('PartnerInput', { ...facts, organisationId: i.author.org.id })),
        })),
      // A request (and its withdrawal, and a need for someone else): those who may answer it.
      'task.requested': () => asked('requested'),
      'task.reassignment-needed': () => asked('reassignment needed'),
      'task.cancelled': () => asked('cancelled'),
      // The requester hears the answer and the progress.
      'task.accepted': () => toRequester('accepted'),
      'task.declined': () => toRequester('declined'),
      'task.blocked': () => toRequester('blocked'),
      'task.done': () => toRequester('done'),
      // The person named; nobody named, the coordinators of the organisation it is for.
      'task.assigned': () => toAssignee('assigned'),
      'task.due-soon': () => toAssignee('due soon'),
      'task.overdue': () => toAssignee('overdue'),
      // The lead organisation's people who record measurements.
      'indicator.measurement-due': () => [
        { label: 'measurement due', payload: { indicatorId: randomUUID() }, told: (m, ability) => inOrg(m, lead) && ability.can('update', subjectOf('Indicator', facts)) },
      ],
      // The organisation concerned (its coordinators) and the lead's coordinators, who manage participants.
      'case.participant-added': () => participation('added', participants),
      'case.participant-rebased': () => participation('re-based', participants),
      // Removed, the organisation concerned no longer reads the case, and is told so all the same.
      'case.participant-removed': () =>
        nonParticipants.map((o) => ({
          label: `removed ${orgName(o.id)}`,
          payload: { organisationId: o.id },
          told: (m, ability) => (inOrg(m, o) && coordinator(m)) || (coordinator(m) && ability.can('manageParticipants', caseSubject)),
        })),
      // Both sides' coordinators, who read the agreement.
      'agreement.expiring': () =>
        world.agreements.map((a) => ({
          label: `agreement ${orgName(a.organisationAId)}–${orgName(a.organisationBId)}`,
          payload: { caseId: undefined, agreementId: a.id, organisationIds: [a.organisationAId, a.organisationBId], validTo: '2027-01-31', daysBefore: 30, daysLeft: 30 },
          told: (m, ability) => coordinator(m) && ability.can('read', subjectOf('Agreement', { id: a.id, organisationAId: a.organisationAId, organisationBId: a.organisationBId })),
        })),
      // Those who manage the organisation's webhook endpoints.
      'webhook.disabled': () =>
        Object.values(orgs).map((o) => ({
          label: `webhook of ${orgName(o.id)}`,
          payload: { organisationId: o.id, caseId: undefined },
          told: (_m, ability) => ability.can('manage', subjectOf('Webhook', { organisationId: o.id })),
        })),
    };

    function asked(what: string): Expectation[] {
      return tasksFor.map((t) => ({
        label: `${what}: ${describeTask(t)}`,
        payload: taskPayload(t),
        told: (_m, ability) => ability.can('respond', taskSubject(t)),
      }));
    }
    function toRequester(what: string): Expectation[] {
      return tasksBy.map((t) => ({
        label: `${what}: task requested by ${label(members.find((m) => m.user.id === t.requestedById)!)}`,
        payload: taskPayload(t),
        told: (m, ability) => m.user.id === t.requestedById && ability.can('read', taskSubject(t)),
      }));
    }
    function toAssignee(what: string): Expectation[] {
      return tasksFor.map((t) => ({
        label: `${what}: ${describeTask(t)}`,
        payload: taskPayload(t),
        told: (m, ability) => (t.assigneeId ? m.user.id === t.assigneeId : inOrg(m, { id: t.organisationId }) && coordinator(m)) && ability.can('read', taskSubject(t)),
      }));
    }
    function participation(what: string, concerned: OrganisationEntity[]): Expectation[] {
      return concerned.map((o) => ({
        label: `${what} ${orgName(o.id)}`,
        payload: { organisationId: o.id },
        told: (m, ability) => coordinator(m) && (inOrg(m, o) || ability.can('manageParticipants', caseSubject)) && ability.can('read', caseSubject),
      }));
    }
    function describeTask(t: TaskRow): string {
      const assignee = members.find((m) => m.user.id === t.assigneeId);
      return assignee ? `task of ${label(assignee)}` : `task of ${orgName(t.organisationId)}, nobody named`;
    }

    // One batch, as the worker fans events out; nobody's own change (no actor).
    const events = NOTIFIABLE_EVENTS.flatMap((type) => EXPECTED[type]().map((e) => ({ type, ...e })));
    const ids: string[] = [];
    for (const e of events) {
      const payload = e.type === 'agreement.expiring' || e.type === 'webhook.disabled' ? e.payload : { caseId, ...e.payload };
      const [row] = await query<{ id: string }>(
        dataSource,
        sql`INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload) VALUES (${e.type}, 'Case', ${caseId}, ${JSON.stringify(payload)}::jsonb) RETURNING id`,
      );
      ids.push(row!.id);
    }
    const told = await query<{ event_id: string; user_id: string }>(dataSource, recipientsOf(ids));

    const byId = new Map(members.map((m) => [m.user.id, m]));
    const mismatches = events.flatMap((e, index) => {
      const bySql = new Set(told.filter((r) => r.event_id === ids[index]).map((r) => byId.get(r.user_id)?.label ?? `unknown user ${r.user_id}`));
      const byAbility = new Set(members.filter((m) => m.ability !== null && e.told(m, m.ability)).map(label));
      const onlyInSql = [...bySql].filter((l) => !byAbility.has(l)).sort();
      const onlyByAbilities = [...byAbility].filter((l) => !bySql.has(l)).sort();
      return onlyInSql.length || onlyByAbilities.length ? [{ event: `${e.type} (${e.label})`, onlyInSql, onlyByAbilities }] : [];
    });
    expect(mismatches).toEqual([]);

    // Not vacuous: every event type tells someone.
    const typesTold = new Set(told.map((r) => events[ids.indexOf(r.event_id)]!.type));
    expect([...typesTold].sort()).toEqual([...NOTIFIABLE_EVENTS].sort());
  });

  async function member(fixtures: Fixtures, organisation: OrganisationEntity, label: string, roles: Role[], active: boolean): Promise<Member> {
    const user = await fixtures.user(organisation, roles, { active });
    // An actor exists only for an active person of an active organisation (AccessTokenService.actorOfSession).
    const actor =
      active && organisation.active
        ? { userId: user.id, organisationId: organisation.id, organisationKind: organisation.kind, roles, locale: user.locale, sessionId: randomUUID() }
        : null;
    return { user, org: organisation, label, ability: actor ? abilityOf({ requestId: label, clientAddress: null, locale: 'pl', actor }) : null };
  }
});
