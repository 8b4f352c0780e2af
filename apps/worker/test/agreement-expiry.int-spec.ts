import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { addDays, AgreementStatus, OrganisationKind, Role } from '@cg/shared/domain';
import { AgreementExpiryHandler } from '@cg/server/identity';
import { FanOutHandler, notificationTitle } from '@cg/server/notifications';
import { Fixtures } from '@cg/server/testing';
import { startWorker, type TestWorker } from './start';

/**
 * Agreement expiry notices: 30 and 7 days before an agreement's last day, the coordinators of both organisations
 * are told (in their language), once per agreement and threshold however often the schedule runs. The day is
 * given to the job, so nothing here depends on the clock.
 */
describe('agreement expiry notices', () => {
  let worker: TestWorker;
  let app: INestApplicationContext;
  let dataSource: DataSource;
  const context = { jobId: 'test', attempt: 1, maxAttempts: 1, progress: async () => undefined };

  beforeAll(async () => {
    worker = await startWorker({ OUTBOX_RELAY: 'off' });
    ({ app, dataSource } = worker);
  });
  afterAll(async () => {
    await worker?.stop();
  });

  it('tells both sides’ coordinators 30 and 7 days ahead, once per threshold, in Polish and English', async () => {
    const fixtures = new Fixtures(dataSource);
    const police = await fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    const ngo = await fixtures.organisation({ kind: OrganisationKind.NGO });
    const policeCoordinator = await fixtures.user(police, [Role.COORDINATOR]);
    const ngoCoordinator = await fixtures.user(ngo, [Role.COORDINATOR], { locale: 'en' });
    await fixtures.user(police, [Role.STAFF]);
    await fixtures.user(ngo, [Role.PARTNER]);
    const lastDay = '2031-03-31';
    const agreement = await fixtures.agreement(police, ngo, { validTo: lastDay });
    // Ended, terminated, open-ended or far away: never told.
    await fixtures.agreement(police, ngo, { validTo: addDays(lastDay, -40) });
    await fixtures.agreement(police, ngo, { validTo: lastDay, status: AgreementStatus.TERMINATED });
    await fixtures.agreement(police, ngo, { validTo: null });
    await fixtures.agreement(police, ngo, { validTo: addDays(lastDay, 200) });

    const handler = app.get(AgreementExpiryHandler);
    const run = (day: string) => handler.handle({ day }, context);
    const events = async () =>
      (await dataSource.query(`SELECT id, payload FROM outbox_events WHERE type = 'agreement.expiring' ORDER BY (payload->>'daysBefore')::int DESC`)) as {
        id: string;
        payload: Record<string, unknown>;
      }[];

    expect(await run(addDays(lastDay, -31))).toEqual({ written: 0 });
    expect(await run(addDays(lastDay, -30))).toEqual({ written: 1 });
    // The schedule runs again the same day and on the days after: nothing new until 7 days ahead.
    expect(await run(addDays(lastDay, -30))).toEqual({ written: 0 });
    expect(await run(addDays(lastDay, -12))).toEqual({ written: 0 });
    expect(await run(addDays(lastDay, -7))).toEqual({ written: 1 });
    expect(await Promise.all([run(addDays(lastDay, -7)), run(addDays(lastDay, -6))])).toEqual([{ written: 0 }, { written: 0 }]);
    expect(await run(lastDay)).toEqual({ written: 0 });

    const written = await events();
    expect(written.map((e) => e.payload)).toEqual([
      { agreementId: agreement.id, organisationIds: [police.id, ngo.id], validTo: lastDay, daysBefore: 30, daysLeft: 30 },
      { agreementId: agreement.id, organisationIds: [police.id, ngo.id], validTo: lastDay, daysBefore: 7, daysLeft: 7 },
    ]);

    const fanOut = app.get(FanOutHandler);
    for (const event of written) await fanOut.handle({ eventId: event.id });
    const rows: { user_id: string; type: string; payload: Record<string, unknown> }[] = await dataSource.query(
      'SELECT user_id, type, payload FROM notifications WHERE event_id = ANY($1) ORDER BY user_id',
      [written.map((e) => e.id)],
    );
    expect(rows.filter((r) => r.user_id === policeCoordinator.id)).toHaveLength(2);
    expect(rows.filter((r) => r.user_id === ngoCoordinator.id)).toHaveLength(2);
    expect(rows).toHaveLength(4);

    const facts = { type: 'agreement.expiring', payload: written[0]!.payload, caseReference: null, caseTitle: null, taskTitle: null };
    expect(notificationTitle(facts, 'pl')).toBe('Porozumienie o partnerstwie wygasa za 30 dni (ostatni dzień: 2031-03-31); bez nowego porozumienia udział w sprawach zostanie zawieszony');
    expect(notificationTitle(facts, 'en')).toBe('A partnership agreement expires in 30 days (last day: 2031-03-31); without a new agreement, participation in cases will be suspended');
  });

  it('an agreement first seen within 7 days of its end gets the 7-day notice only; extended, it is told again for its new last day', async () => {
    const fixtures = new Fixtures(dataSource);
    const a = await fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    const b = await fixtures.organisation({ kind: OrganisationKind.SOCIAL_SERVICES });
    await fixtures.user(a, [Role.COORDINATOR]);
    const lastDay = '2032-06-30';
    const agreement = await fixtures.agreement(a, b, { validTo: lastDay });
    const handler = app.get(AgreementExpiryHandler);
    const mine = async () =>
      (await dataSource.query(`SELECT payload FROM outbox_events WHERE type = 'agreement.expiring' AND aggregate_id = $1 ORDER BY occurred_at, id`, [agreement.id])).map(
        (e: { payload: Record<string, unknown> }) => [e.payload.validTo, e.payload.daysBefore, e.payload.daysLeft],
      );

    await handler.handle({ day: addDays(lastDay, -5) }, context);
    expect(await mine()).toEqual([[lastDay, 7, 5]]);

    const extended = addDays(lastDay, 20);
    await dataSource.query('UPDATE partnership_agreements SET valid_to = $2 WHERE id = $1', [agreement.id, extended]);
    await handler.handle({ day: addDays(lastDay, -4) }, context);
    expect(await mine()).toEqual([
      [lastDay, 7, 5],
      [extended, 30, 24],
    ]);
  });
});
