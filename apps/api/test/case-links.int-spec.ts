import { randomUUID } from 'node:crypto';
import { OrganisationKind, Role } from '@cg/shared/domain';
import type { OrganisationEntity } from '@cg/server/db';
import { errorCode, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

/**
 * Linked and duplicate cases (issue 16, item 2): who may link (the role matrix), a link to a case the reader may not
 * read is invisible, likely duplicates only among readable cases and bounded, merging moves everything and is
 * audited, a merged case's id and reference answer the survivor, a refused merge changes nothing.
 */
type Position = 'lead' | 'agency' | 'ngo' | 'foreign';
const POSITIONS: Position[] = ['lead', 'agency', 'ngo', 'foreign'];
const ROLES = Object.values(Role);

const LINK = 'mutation($input: LinkCasesInput!) { linkCases(input: $input) { id kind outgoing linkedCase { id reference } viewerCanRemove } }';
const UNLINK = 'mutation($input: UnlinkCasesInput!) { unlinkCases(input: $input) }';
const LINKS = 'query($id: ID!) { case(id: $id) { id links { id kind outgoing viewerCanRemove linkedCase { id reference title } } } }';
const DUPLICATES = 'query($input: LikelyDuplicatesInput!) { likelyDuplicates(input: $input) { similarity sameAddress case { id reference title } } }';
const MERGE = 'mutation($input: MergeCaseInput!) { mergeCase(input: $input) { id reference version } }';

describe('linked and duplicate cases', () => {
  let api: TestApp;
  const orgs = {} as Record<Position, OrganisationEntity>;
  const tokens = {} as Record<Position, Partial<Record<Role, string>>>;
  const coordinatorIds = {} as Record<Position, string>;
  let school: OrganisationEntity;

  /** A case led by `lead` (with `partners`), written straight to the database. */
  async function freshCase(
    lead: Position,
    partners: Position[] = [],
    fields: { title?: string; district?: string; address?: string; diagnosis?: string; phase?: string } = {},
  ): Promise<{ id: string; reference: string; version: number }> {
    const id = randomUUID();
    const reference = `T/${id.slice(0, 8)}`;
    await api.dataSource.query(
      `INSERT INTO cases (id, reference, title, type, phase, district, address, lead_organisation_id, coordinator_id, diagnosis_what)
       VALUES ($1, $2, $3, 'LOCAL_CONFLICT', $4, $5, $6, $7, $8, $9)`,
      [id, reference, fields.title ?? 'Sprawa testowa', fields.phase ?? 'ANALYSIS', fields.district ?? 'Centrum', fields.address ?? '', orgs[lead].id, coordinatorIds[lead], fields.diagnosis ?? 'spór sąsiedzki'],
    );
    await api.dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'LEAD')`, [id, orgs[lead].id]);
    for (const p of partners) await api.dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'PARTNER')`, [id, orgs[p].id]);
    return { id, reference, version: 1 };
  }

  const token = (position: Position, role: Role = Role.COORDINATOR) => tokens[position][role]!;
  const link = (t: string, caseId: string, linkedCaseId: string, kind = 'RELATED') => api.gql<{ linkCases: { id: string } }>(LINK, { input: { caseId, linkedCaseId, kind } }, { token: t });
  const linksOf = async (t: string, id: string) => {
    const response = await api.gql<{ case: { links: { id: string; kind: string; outgoing: boolean; viewerCanRemove: boolean; linkedCase: { id: string } }[] } }>(LINKS, { id }, { token: t });
    expect(response.errors).toBeUndefined();
    return response.data!.case.links;
  };
  const auditCount = async (action: string, entityId: string) =>
    Number((await api.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = $1 AND entity_id = $2`, [action, entityId]))[0].n);

  beforeAll(async () => {
    api = await startApi();
    orgs.lead = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    orgs.agency = await api.fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    orgs.ngo = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
    orgs.foreign = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    school = await api.fixtures.organisation({ kind: OrganisationKind.SCHOOL });
    await api.fixtures.agreement(orgs.lead, orgs.agency);
    await api.fixtures.agreement(orgs.lead, orgs.ngo);
    await api.fixtures.agreement(orgs.lead, school);
    for (const position of POSITIONS) {
      coordinatorIds[position] = (await api.fixtures.user(orgs[position], [Role.COORDINATOR])).id;
      tokens[position] = {};
      for (const role of ROLES) tokens[position][role] = (await api.signedIn(orgs[position], [role])).token;
    }
  });
  afterAll(async () => {
    await api.stop();
  });

  describe('links: the role matrix', () => {
    const cases: [Role, Position][] = ROLES.flatMap((role) => POSITIONS.map((position): [Role, Position] => [role, position]));
    /** Coordinators of the public bodies taking part (CASE_CONTENT shared) may link; other roles have no rule; the foreign organisation sees neither case. */
    const expected = (role: Role, position: Position) => {
      if (role !== Role.COORDINATOR) return 'FORBIDDEN';
      if (position === 'foreign') return 'NOT_FOUND';
      if (position === 'ngo') return 'FORBIDDEN';
      return 'OK';
    };

    it.each(cases)('%s of the %s organisation: linkCases, then unlinkCases', async (role, position) => {
      const a = await freshCase('lead', ['agency', 'ngo']);
      const b = await freshCase('lead', ['agency', 'ngo']);
      const created = await link(token(position, role), a.id, b.id, 'SAME_PLACE');
      const outcome = expected(role, position);
      expect(errorCode(created) ?? 'OK').toBe(outcome);
      const rows = await api.dataSource.query(`SELECT id FROM case_links WHERE case_id = $1`, [a.id]);
      expect(rows).toHaveLength(outcome === 'OK' ? 1 : 0);
      expect(await auditCount('case.link', b.id)).toBe(outcome === 'OK' ? 1 : 0);

      // Removing: the lead's coordinator makes a link, the caller removes it.
      const existing = outcome === 'OK' ? created.data!.linkCases.id : (await link(token('lead'), a.id, b.id, 'SAME_PLACE')).data!.linkCases.id;
      const removed = await api.gql(UNLINK, { input: { linkId: existing } }, { token: token(position, role) });
      expect(errorCode(removed) ?? 'OK').toBe(outcome);
      expect(await api.dataSource.query(`SELECT id FROM case_links WHERE id = $1`, [existing])).toHaveLength(outcome === 'OK' ? 0 : 1);
      if (outcome === 'OK') {
        expect(await auditCount('case.unlink', a.id)).toBe(1);
        expect(await auditCount('case.unlink', b.id)).toBe(1);
      }
    });
  });

  describe('links: shown on both cases, only where the reader may read both', () => {
    it('shows a link on both cases, in its direction, to every reader of both', async () => {
      const older = await freshCase('lead', ['agency', 'ngo'], { phase: 'CLOSED' });
      const newer = await freshCase('lead', ['agency', 'ngo']);
      // A link to a closed case is allowed: a new case continues an old one.
      const created = await link(token('lead'), newer.id, older.id, 'CONTINUATION_OF');
      expect(created.errors).toBeUndefined();
      for (const position of ['lead', 'agency', 'ngo'] as const) {
        const reader = token(position, position === 'ngo' ? Role.PARTNER : Role.STAFF);
        const fromNewer = await linksOf(reader, newer.id);
        const fromOlder = await linksOf(reader, older.id);
        expect(fromNewer).toEqual([expect.objectContaining({ kind: 'CONTINUATION_OF', outgoing: true, viewerCanRemove: false, linkedCase: expect.objectContaining({ id: older.id }) })]);
        expect(fromOlder).toEqual([expect.objectContaining({ kind: 'CONTINUATION_OF', outgoing: false, viewerCanRemove: false, linkedCase: expect.objectContaining({ id: newer.id }) })]);
      }
      expect((await linksOf(token('lead'), newer.id))[0]!.viewerCanRemove).toBe(true);
    });

    it('hides a link whose other case the reader may not read, and refuses to link to it as if it did not exist', async () => {
      const shared = await freshCase('lead', ['agency', 'ngo']);
      const leadOnly = await freshCase('lead');
      expect((await link(token('lead'), shared.id, leadOnly.id)).errors).toBeUndefined();
      expect(await linksOf(token('lead'), shared.id)).toHaveLength(1);
      expect(await linksOf(token('agency', Role.STAFF), shared.id)).toEqual([]);
      expect(await linksOf(token('ngo', Role.PARTNER), shared.id)).toEqual([]);
      // The agency's coordinator may link `shared` but cannot see `leadOnly`: NOT_FOUND, nothing written.
      const foreign = await freshCase('foreign');
      expect(errorCode(await link(token('agency'), shared.id, leadOnly.id, 'SAME_PEOPLE'))).toBe('NOT_FOUND');
      expect(errorCode(await link(token('lead'), shared.id, foreign.id))).toBe('NOT_FOUND');
      expect(await api.dataSource.query(`SELECT id FROM case_links WHERE linked_case_id = $1 OR case_id = $1`, [foreign.id])).toEqual([]);
      // …nor may it remove the link it cannot see.
      const hidden = (await linksOf(token('lead'), shared.id))[0]!.id;
      expect(errorCode(await api.gql(UNLINK, { input: { linkId: hidden } }, { token: token('agency') }))).toBe('NOT_FOUND');
    });

    it('refuses a link to itself and a second link of the same kind (either way) with BAD_USER_INPUT', async () => {
      const a = await freshCase('lead', ['agency']);
      const b = await freshCase('lead', ['agency']);
      expect(errorCode(await link(token('lead'), a.id, a.id))).toBe('BAD_USER_INPUT');
      expect((await link(token('lead'), a.id, b.id)).errors).toBeUndefined();
      const again = await link(token('lead'), b.id, a.id);
      expect(errorCode(again)).toBe('BAD_USER_INPUT');
      expect(again.errors?.[0]?.extensions?.['reason']).toBe('CASE_LINK_EXISTS');
      expect((await link(token('lead'), b.id, a.id, 'SAME_PEOPLE')).errors).toBeUndefined();
      expect(errorCode(await api.gql(LINK, { input: { caseId: a.id, linkedCaseId: b.id, kind: 'NOPE' } }, { token: token('lead') }))).toBe('BAD_USER_INPUT');
    });

    it('reads the links of a page of cases in one statement, whatever the number of cases', async () => {
      const reader = (await api.signedIn(orgs.agency, [Role.STAFF])).token;
      const page = 'query { cases(first: 50) { edges { node { id links { id kind linkedCase { id reference } } } } } }';
      const { count: before } = await api.countQueries(() => api.gql(page, {}, { token: reader }));
      for (let i = 0; i < 6; i++) {
        const a = await freshCase('lead', ['agency']);
        const b = await freshCase('lead', ['agency']);
        await link(token('lead'), a.id, b.id);
      }
      const { result, count: after } = await api.countQueries(() => api.gql<{ cases: { edges: { node: { links: unknown[] } }[] } }>(page, {}, { token: reader }));
      expect(result.errors).toBeUndefined();
      expect(result.data!.cases.edges.filter((e) => e.node.links.length > 0).length).toBeGreaterThanOrEqual(12);
      expect(after).toBe(before);
    });
  });

  describe('likely duplicates', () => {
    const input = (extra: Record<string, unknown> = {}) => ({ title: 'Dewastacja przystanku przy Ogrodowej', district: 'Zatorze', ...extra });

    it('offers readable cases of the same district or address with a similar title or diagnosis, best first', async () => {
      const same = await freshCase('lead', ['agency'], { title: 'Dewastacja przystanku autobusowego przy ul. Ogrodowej', district: 'Zatorze' });
      const otherDistrict = await freshCase('lead', ['agency'], { title: 'Dewastacja przystanku przy Ogrodowej', district: 'Kopernik' });
      const sameAddress = await freshCase('lead', ['agency'], { title: 'Zniszczona wiata na Ogrodowej', district: 'Kopernik', address: 'ul. Ogrodowa 12', diagnosis: 'dewastacja przystanku przy ogrodowej nocą' });
      const unrelated = await freshCase('lead', ['agency'], { title: 'Hałas z lokalu gastronomicznego', district: 'Zatorze' });
      const response = await api.gql<{ likelyDuplicates: { similarity: number; sameAddress: boolean; case: { id: string } }[] }>(
        DUPLICATES,
        { input: input({ address: 'ul. Ogrodowa 12', diagnosis: 'dewastacja przystanku przy Ogrodowej, nocą' }) },
        { token: token('lead') },
      );
      expect(response.errors).toBeUndefined();
      const ids = response.data!.likelyDuplicates.map((d) => d.case.id);
      expect(ids).toContain(same.id);
      expect(ids).toContain(sameAddress.id);
      expect(ids).not.toContain(otherDistrict.id);
      expect(ids).not.toContain(unrelated.id);
      expect(response.data!.likelyDuplicates.find((d) => d.case.id === sameAddress.id)?.sameAddress).toBe(true);
      const scores = response.data!.likelyDuplicates.map((d) => d.similarity);
      expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    });

    it('never offers a case the coordinator may not read, nor compares a diagnosis not shared with it', async () => {
      const foreign = await freshCase('foreign', [], { title: 'Dewastacja przystanku przy Ogrodowej 3', district: 'Zatorze' });
      const mine = await freshCase('lead', [], { title: 'Dewastacja przystanku przy Ogrodowej 4', district: 'Zatorze' });
      const ask = async (position: Position, extra: Record<string, unknown> = {}) =>
        (await api.gql<{ likelyDuplicates: { case: { id: string } }[] }>(DUPLICATES, { input: input(extra) }, { token: token(position) })).data!.likelyDuplicates.map((d) => d.case.id);
      expect(await ask('lead', { first: 10 })).toContain(mine.id);
      expect(await ask('lead', { first: 10 })).not.toContain(foreign.id);
      expect(await ask('foreign', { first: 10 })).toEqual([foreign.id]);
      // Diagnosis only: a case the agency takes part in without CASE_CONTENT shared is not matched by its diagnosis.
      const noContent = await freshCase('lead', [], { title: 'Inny tytuł', district: 'Wschód', diagnosis: 'grupa młodzieży pije alkohol w bramie' });
      await api.dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role, override_reason, granted_categories) VALUES ($1, $2, 'CONSULTED', 'Konsultacja bez treści', '{TASKS}')`, [noContent.id, orgs.foreign.id]);
      const byDiagnosis = { title: 'Picie w bramie', district: 'Wschód', diagnosis: 'grupa młodzieży pije alkohol w bramie', first: 10 };
      expect(await ask('lead', byDiagnosis)).toContain(noContent.id);
      expect(await ask('foreign', byDiagnosis)).not.toContain(noContent.id);
    });

    it('is bounded: at most `first` (1…10), and only for those who open cases', async () => {
      for (let i = 0; i < 12; i++) await freshCase('lead', [], { title: `Graffiti na wiadukcie kolejowym ${i}`, district: 'Śródmieście' });
      const ask = (first: number, t = token('lead')) => api.gql<{ likelyDuplicates: unknown[] }>(DUPLICATES, { input: { title: 'Graffiti na wiadukcie kolejowym', district: 'Śródmieście', first } }, { token: t });
      expect((await ask(5)).data!.likelyDuplicates).toHaveLength(5);
      expect((await ask(10)).data!.likelyDuplicates).toHaveLength(10);
      expect(errorCode(await ask(11))).toBe('BAD_USER_INPUT');
      expect(errorCode(await ask(5, token('ngo', Role.PARTNER)))).toBe('FORBIDDEN');
      expect(errorCode(await ask(5, token('lead', Role.STAFF)))).toBe('FORBIDDEN');
      const { count: one } = await api.countQueries(() => ask(1));
      const { count: ten } = await api.countQueries(() => ask(10));
      expect(ten).toBe(one);
    });
  });

  describe('merging a duplicate', () => {
    /** A duplicate holding one of everything, and a third case it is linked to. */
    async function duplicateWithContent() {
      const duplicate = await freshCase('lead', ['agency']);
      const third = await freshCase('lead', ['agency']);
      await api.dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'PARTNER')`, [duplicate.id, school.id]);
      await api.dataSource.query(`INSERT INTO case_updates (case_id, kind, visibility, body) VALUES ($1, 'NOTE', 'PARTNERS', 'Notatka z duplikatu')`, [duplicate.id]);
      await api.dataSource.query(`INSERT INTO stakeholders (case_id, name, triangle_role) VALUES ($1, 'Wspólnota Ogrodowa', 'MANAGER')`, [duplicate.id]);
      await api.dataSource.query(`INSERT INTO trust_risks (case_id, title, likelihood, impact, score) VALUES ($1, 'Utrata zaufania', 3, 3, 9)`, [duplicate.id]);
      await api.dataSource.query(`INSERT INTO partner_inputs (case_id, organisation_id, kind, body) VALUES ($1, $2, 'OBSERVATION', 'Obserwacja')`, [duplicate.id, orgs.agency.id]);
      const [action] = await api.dataSource.query(
        `INSERT INTO actions (case_id, kind, title, lead_organisation_id, starts_on, ends_on) VALUES ($1, 'PATROL', 'Patrole', $2, '2026-01-01', '2026-03-01') RETURNING id`,
        [duplicate.id, orgs.lead.id],
      );
      await api.dataSource.query(
        `INSERT INTO tasks (case_id, action_id, title, organisation_id, requester_organisation_id, due_date, status) VALUES ($1, $2, 'Zadanie', $3, $3, '2026-02-01', 'ACCEPTED')`,
        [duplicate.id, action.id, orgs.lead.id],
      );
      await api.dataSource.query(
        `INSERT INTO indicators (case_id, name, unit, direction, source, cadence, baseline_value, baseline_date, target_value, target_date)
         VALUES ($1, 'Poczucie bezpieczeństwa', 'PERCENT', 'INCREASE', 'SURVEY', 'QUARTERLY', 40, '2026-01-01', 60, '2026-12-31')`,
        [duplicate.id],
      );
      await link(token('lead'), duplicate.id, third.id, 'SAME_PLACE');
      return { duplicate, third };
    }
    const countsOf = async (caseId: string) => {
      const out: Record<string, number> = {};
      for (const table of ['case_updates', 'stakeholders', 'trust_risks', 'partner_inputs', 'actions', 'tasks', 'indicators', 'case_participants']) {
        out[table] = Number((await api.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE case_id = $1`, [caseId]))[0].n);
      }
      return out;
    };
    const merge = (t: string, duplicate: { id: string; version: number }, survivor: { id: string; version: number }) =>
      api.gql<{ mergeCase: { id: string; version: number } }>(MERGE, { input: { duplicateId: duplicate.id, duplicateVersion: duplicate.version, survivorId: survivor.id, survivorVersion: survivor.version, reason: 'Ta sama sprawa' } }, { token: t });

    it('moves everything to the survivor in one go, audits both, and the old id and reference answer the survivor', async () => {
      const { duplicate, third } = await duplicateWithContent();
      const survivor = await freshCase('lead', ['agency']);
      const before = await countsOf(duplicate.id);
      const merged = await merge(token('lead'), duplicate, survivor);
      expect(merged.errors).toBeUndefined();
      expect(merged.data!.mergeCase).toEqual(expect.objectContaining({ id: survivor.id, version: 2 }));
      const after = await countsOf(survivor.id);
      for (const table of ['case_updates', 'stakeholders', 'trust_risks', 'partner_inputs', 'actions', 'tasks', 'indicators']) expect(after[table]).toBe(before[table]);
      // The survivor has its own lead and agency, and now the school of the duplicate.
      expect(after['case_participants']).toBe(3);
      expect(Object.values(await countsOf(duplicate.id)).every((n) => n === 0)).toBe(true);
      const [row] = await api.dataSource.query(`SELECT phase, merged_into_id, version FROM cases WHERE id = $1`, [duplicate.id]);
      expect(row).toEqual({ phase: 'CLOSED', merged_into_id: survivor.id, version: 2 });
      // The link moved with it, and shows on the third case as a link to the survivor.
      expect((await linksOf(token('agency', Role.STAFF), third.id)).map((l) => l.linkedCase.id)).toEqual([survivor.id]);
      expect(await auditCount('case.merge', duplicate.id)).toBe(1);
      expect(await auditCount('case.merge', survivor.id)).toBe(1);
      // The redirect: by id and by reference, for every reader of the survivor.
      for (const t of [token('lead'), token('agency', Role.STAFF), (await api.signedIn(school, [Role.STAFF])).token]) {
        const byId = await api.gql<{ case: { id: string } }>('query($id: ID!) { case(id: $id) { id } }', { id: duplicate.id }, { token: t });
        expect(byId.data?.case.id).toBe(survivor.id);
        const byReference = await api.gql<{ caseByReference: { id: string } }>('query($r: String!) { caseByReference(reference: $r) { id } }', { r: duplicate.reference }, { token: t });
        expect(byReference.data?.caseByReference.id).toBe(survivor.id);
      }
      // A stranger still gets NOT_FOUND, and the merged case leaves the lists.
      expect(errorCode(await api.gql('query($id: ID!) { case(id: $id) { id } }', { id: duplicate.id }, { token: token('foreign') }))).toBe('NOT_FOUND');
      const list = await api.gql<{ cases: { edges: { node: { id: string } }[] } }>('query { cases(first: 100) { edges { node { id } } } }', {}, { token: token('lead') });
      expect(list.data!.cases.edges.map((e) => e.node.id)).not.toContain(duplicate.id);
    });

    it('refuses without rights on both, or with a stale version, and then changes nothing', async () => {
      const { duplicate } = await duplicateWithContent();
      const survivor = await freshCase('lead', ['agency']);
      const foreignCase = await freshCase('foreign');
      const before = await countsOf(duplicate.id);
      const refusals: [string, () => Promise<Parameters<typeof errorCode>[0]>][] = [
        ['FORBIDDEN', () => merge(token('agency'), duplicate, survivor)],
        ['FORBIDDEN', () => merge(token('lead', Role.STAFF), duplicate, survivor)],
        ['FORBIDDEN', () => merge(token('ngo', Role.PARTNER), duplicate, survivor)],
        ['NOT_FOUND', () => merge(token('foreign'), duplicate, survivor)],
        ['NOT_FOUND', () => merge(token('lead'), duplicate, foreignCase)],
        ['NOT_FOUND', () => merge(token('foreign'), foreignCase, survivor)],
        ['CONFLICT', () => merge(token('lead'), { ...duplicate, version: 7 }, survivor)],
        ['CONFLICT', () => merge(token('lead'), duplicate, { ...survivor, version: 7 })],
        ['BAD_USER_INPUT', () => merge(token('lead'), duplicate, duplicate)],
      ];
      for (const [expected, run] of refusals) expect(errorCode(await run())).toBe(expected);
      expect(await countsOf(duplicate.id)).toEqual(before);
      expect(await api.dataSource.query(`SELECT merged_into_id, version FROM cases WHERE id = ANY($1)`, [[duplicate.id, survivor.id]])).toEqual([
        { merged_into_id: null, version: 1 },
        { merged_into_id: null, version: 1 },
      ]);
      expect(await auditCount('case.merge', duplicate.id)).toBe(0);
      // A closed case is neither merged nor merged into.
      const closed = await freshCase('lead', ['agency'], { phase: 'CLOSED' });
      expect(errorCode(await merge(token('lead'), closed, survivor))).toBe('BAD_USER_INPUT');
    });
  });
});
