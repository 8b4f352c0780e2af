import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DataCategory, OrganisationKind, Role } from '@cg/shared/domain';
import type { OrganisationEntity, UserEntity } from '@cg/server/db';
import { FanOutHandler } from '@cg/server/notifications';
import { Fixtures } from '@cg/server/testing';
import { startWorker, type TestWorker } from './start';

/**
 * Who hears about what: every kind of notifiable event, all fanned out together in one batch as the worker
 * does, against a case with a lead police unit, a municipality and an NGO taking part, an organisation that
 * does not, an analyst and a deactivated coordinator. The actor is never told of their own change.
 */
describe('fan-out recipients, per event type, in one batch', () => {
  let worker: TestWorker;
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let mailDir: string;
  const people: Record<string, UserEntity> = {};
  const orgs: Record<string, OrganisationEntity> = {};
  let caseId: string;
  let taskId: string;
  let inputId: string;
  let agreementId: string;

  beforeAll(async () => {
    mailDir = await mkdtemp(join(tmpdir(), 'cg-recipients-'));
    delete process.env.SMTP_URL;
    worker = await startWorker({ MAIL_DIR: mailDir, OUTBOX_RELAY: 'off' });
    ({ app, dataSource } = worker);
    const fixtures = new Fixtures(dataSource);

    orgs.police = await fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    orgs.city = await fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    orgs.ngo = await fixtures.organisation({ kind: OrganisationKind.NGO });
    orgs.outsider = await fixtures.organisation({ kind: OrganisationKind.SOCIAL_SERVICES });
    // Takes part, but its agreement with the lead ended: it hears of the case's header (phase, escalation, closing), nothing inside.
    orgs.lapsed = await fixtures.organisation({ kind: OrganisationKind.SOCIAL_SERVICES });
    // Takes part under an agreement sharing CASE_CONTENT only: no incidents, no tasks.
    orgs.school = await fixtures.organisation({ kind: OrganisationKind.SCHOOL });
    people.policeCoordinator = await fixtures.user(orgs.police, [Role.COORDINATOR]);
    people.policeOfficer = await fixtures.user(orgs.police, [Role.STAFF]);
    people.policeAnalyst = await fixtures.user(orgs.police, [Role.ANALYST]);
    people.policeGone = await fixtures.user(orgs.police, [Role.COORDINATOR], { active: false });
    people.cityCoordinator = await fixtures.user(orgs.city, [Role.COORDINATOR]);
    people.cityClerk = await fixtures.user(orgs.city, [Role.STAFF]);
    people.ngoCoordinator = await fixtures.user(orgs.ngo, [Role.COORDINATOR]);
    people.ngoPartner = await fixtures.user(orgs.ngo, [Role.PARTNER]);
    people.outsiderCoordinator = await fixtures.user(orgs.outsider, [Role.COORDINATOR]);
    people.lapsedCoordinator = await fixtures.user(orgs.lapsed, [Role.COORDINATOR]);
    people.schoolCoordinator = await fixtures.user(orgs.school, [Role.COORDINATOR]);

    caseId = randomUUID();
    await dataSource.query(
      `INSERT INTO cases (id, reference, title, type, district, lead_organisation_id, coordinator_id) VALUES ($1, $2, 'Spór o boisko', 'LOCAL_CONFLICT', 'Piaski', $3, $4)`,
      [caseId, `REC/2026/${randomBytes(2).toString('hex')}`, orgs.police.id, people.policeCoordinator.id],
    );
    await dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'LEAD'), ($1, $3, 'PARTNER'), ($1, $4, 'PARTNER')`, [
      caseId,
      orgs.police.id,
      orgs.city.id,
      orgs.ngo.id,
    ]);
    // Both partners take part under agreements in force that share every category.
    await fixtures.agreement(orgs.police, orgs.city);
    agreementId = (await fixtures.agreement(orgs.police, orgs.ngo)).id;
    await fixtures.agreement(orgs.police, orgs.lapsed, { validTo: '2020-12-31' });
    await fixtures.agreement(orgs.school, orgs.police, { dataCategories: [DataCategory.CASE_CONTENT] });
    await dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'PARTNER'), ($1, $3, 'CONSULTED')`, [caseId, orgs.lapsed.id, orgs.school.id]);
    taskId = randomUUID();
    await dataSource.query(
      `INSERT INTO tasks (id, case_id, title, organisation_id, requester_organisation_id, requested_by_id, due_date, status) VALUES ($1, $2, 'Oświetlenie boiska', $3, $4, $5, '2026-12-10', 'ACCEPTED')`,
      [taskId, caseId, orgs.city.id, orgs.police.id, people.policeCoordinator.id],
    );
    [{ id: inputId }] = await dataSource.query(
      `INSERT INTO partner_inputs (case_id, organisation_id, author_id, kind, body) VALUES ($1, $2, $3, 'OBSERVATION', 'Młodzież skarży się na brak miejsca') RETURNING id`,
      [caseId, orgs.ngo.id, people.ngoPartner.id],
    );
  });

  afterAll(async () => {
    await worker?.stop();
    await rm(mailDir, { recursive: true, force: true });
  });

  it('tells each event to the people its rule names, and no one else', async () => {
    const p = people;
    const cases: { name: string; type: string; payload: Record<string, unknown>; actor: UserEntity | null; expected: UserEntity[] }[] = [
      {
        name: 'PARTNERS update',
        type: 'case.update-posted',
        payload: { visibility: 'PARTNERS', kind: 'NOTE' },
        actor: p.policeOfficer!,
        expected: [p.policeCoordinator!, p.cityCoordinator!, p.cityClerk!, p.ngoCoordinator!, p.ngoPartner!, p.schoolCoordinator!],
      },
      { name: 'PARTNERS incident (INCIDENT_DATA)', type: 'case.update-posted', payload: { visibility: 'PARTNERS', kind: 'INCIDENT' }, actor: p.policeOfficer!, expected: [p.policeCoordinator!, p.cityCoordinator!, p.cityClerk!, p.ngoCoordinator!, p.ngoPartner!] },
      { name: 'AGENCIES update', type: 'case.update-posted', payload: { visibility: 'AGENCIES', kind: 'NOTE' }, actor: p.policeOfficer!, expected: [p.policeCoordinator!, p.cityCoordinator!, p.cityClerk!, p.schoolCoordinator!] },
      { name: 'LEAD update', type: 'case.update-posted', payload: { visibility: 'LEAD' }, actor: p.policeOfficer!, expected: [p.policeCoordinator!] },
      {
        name: 'escalation',
        type: 'case.escalated',
        payload: { from: 'ELEVATED', to: 'CRISIS' },
        actor: p.policeOfficer!,
        expected: [p.policeCoordinator!, p.cityCoordinator!, p.ngoCoordinator!, p.lapsedCoordinator!, p.schoolCoordinator!],
      },
      {
        name: 'phase change',
        type: 'case.phase-changed',
        payload: { from: 'SCANNING', to: 'ANALYSIS' },
        actor: p.policeCoordinator!,
        expected: [p.policeOfficer!, p.cityCoordinator!, p.cityClerk!, p.ngoCoordinator!, p.ngoPartner!, p.lapsedCoordinator!, p.schoolCoordinator!],
      },
      {
        name: 'closed',
        type: 'case.closed',
        payload: {},
        actor: null,
        expected: [p.policeCoordinator!, p.policeOfficer!, p.cityCoordinator!, p.cityClerk!, p.ngoCoordinator!, p.ngoPartner!, p.lapsedCoordinator!, p.schoolCoordinator!],
      },
      { name: 'partner input submitted', type: 'case.input-submitted', payload: { inputId, organisationId: orgs.ngo!.id }, actor: p.ngoPartner!, expected: [p.policeCoordinator!, p.cityCoordinator!, p.schoolCoordinator!] },
      { name: 'partner input answered', type: 'case.input-reviewed', payload: { inputId, organisationId: orgs.ngo!.id, status: 'ACCEPTED' }, actor: p.policeCoordinator!, expected: [p.ngoPartner!] },
      { name: 'task requested of a named person', type: 'task.requested', payload: { taskId, organisationId: orgs.city!.id, assigneeId: p.cityClerk!.id }, actor: p.policeCoordinator!, expected: [p.cityCoordinator!, p.cityClerk!] },
      { name: 'task accepted', type: 'task.accepted', payload: { taskId, organisationId: orgs.city!.id, assigneeId: p.cityClerk!.id }, actor: p.cityClerk!, expected: [p.policeCoordinator!] },
      { name: 'task assigned to a person', type: 'task.assigned', payload: { taskId, organisationId: orgs.ngo!.id, assigneeId: p.ngoPartner!.id }, actor: p.ngoCoordinator!, expected: [p.ngoPartner!] },
      { name: 'task overdue, nobody assigned', type: 'task.overdue', payload: { taskId, organisationId: orgs.ngo!.id, assigneeId: null }, actor: null, expected: [p.ngoCoordinator!] },
      { name: 'task requested of an organisation whose agreement ended', type: 'task.requested', payload: { taskId, organisationId: orgs.lapsed!.id, assigneeId: null }, actor: p.policeCoordinator!, expected: [] },
      { name: 'task requested of an organisation not sharing TASKS', type: 'task.requested', payload: { taskId, organisationId: orgs.school!.id, assigneeId: null }, actor: p.policeCoordinator!, expected: [] },
      { name: 'task assigned to someone outside the case', type: 'task.assigned', payload: { taskId, organisationId: orgs.city!.id, assigneeId: p.outsiderCoordinator!.id }, actor: null, expected: [] },
      { name: 'participant added', type: 'case.participant-added', payload: { organisationId: orgs.outsider!.id }, actor: null, expected: [p.outsiderCoordinator!, p.policeCoordinator!] },
      { name: 'participant re-based', type: 'case.participant-rebased', payload: { organisationId: orgs.lapsed!.id, grantedCategories: ['TASKS'] }, actor: p.policeCoordinator!, expected: [p.lapsedCoordinator!] },
      {
        name: 'agreement expiring (both sides’ coordinators)',
        type: 'agreement.expiring',
        payload: { caseId: undefined, agreementId: undefined, validTo: '2027-01-31', daysBefore: 30, daysLeft: 30 },
        actor: null,
        expected: [p.policeCoordinator!, p.ngoCoordinator!],
      },
      { name: 'measurement due', type: 'indicator.measurement-due', payload: { indicatorId: randomUUID() }, actor: null, expected: [p.policeCoordinator!, p.policeOfficer!] },
      { name: 'webhook disabled', type: 'webhook.disabled', payload: { organisationId: orgs.ngo!.id, caseId: undefined }, actor: null, expected: [p.ngoCoordinator!] },
      { name: 'not notifiable', type: 'case.risk-assessed', payload: { riskId: randomUUID() }, actor: p.policeOfficer!, expected: [] },
    ];
    const ids: string[] = [];
    for (const c of cases) {
      const payload =
        c.type === 'webhook.disabled'
          ? { organisationId: c.payload.organisationId }
          : c.type === 'agreement.expiring'
            ? { ...c.payload, agreementId, organisationIds: [orgs.police!.id, orgs.ngo!.id] }
            : { caseId, ...c.payload };
      const [{ id }] = await dataSource.query(
        `INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload, actor_user_id) VALUES ($1, 'Case', $2, $3, $4) RETURNING id`,
        [c.type, caseId, payload, c.actor?.id ?? null],
      );
      ids.push(id);
    }

    // The jobs of all these events run at once: they are fanned out in one batch.
    const fanOut = app.get(FanOutHandler);
    const outcomes = await Promise.all(ids.map((eventId) => fanOut.handle({ eventId })));

    const rows: { event_id: string; user_id: string }[] = await dataSource.query('SELECT event_id, user_id FROM notifications WHERE event_id = ANY($1)', [ids]);
    const name = (id: string) => Object.entries(people).find(([, u]) => u.id === id)?.[0] ?? id;
    const heard = cases.map((c, i) => ({ event: c.name, people: rows.filter((r) => r.event_id === ids[i]).map((r) => name(r.user_id)).sort() }));
    expect(heard).toEqual(cases.map((c) => ({ event: c.name, people: c.expected.map((u) => name(u.id)).sort() })));
    expect(outcomes).toEqual(cases.map((c) => ({ recipients: c.expected.length, created: c.expected.length })));
  });
});
