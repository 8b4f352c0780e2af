import { OrganisationKind, Role } from '@cg/shared/domain';
import type { TestApp } from '@cg/server/testing';
import { startApi } from './start';

/**
 * A case's last activity is what its reader may see: an AGENCIES or LEAD update moves it (and the case's
 * place in a list ordered by last activity, and the cursor) only for those who may read that update.
 */
describe('lastActivityAt is what the reader may see', () => {
  let api: TestApp;
  let lead: string;
  let leadStaff: string;
  let agency: string;
  let partner: string;
  let older: string;
  let newer: string;

  interface Page {
    cases: { edges: { cursor: string; node: { id: string; lastActivityAt: string } }[]; pageInfo: { endCursor: string } };
  }
  const view = async (token: string) => {
    const response = await api.gql<Page>('{ cases(first: 10, orderBy: LAST_ACTIVITY) { edges { cursor node { id lastActivityAt } } pageInfo { endCursor } } }', {}, { token });
    expect(response.errors).toBeUndefined();
    const edges = response.data!.cases.edges;
    const one = await api.gql<{ case: { lastActivityAt: string } }>('query($id: ID!) { case(id: $id) { lastActivityAt } }', { id: older }, { token });
    return {
      order: edges.map((e) => e.node.id),
      at: Object.fromEntries(edges.map((e) => [e.node.id, e.node.lastActivityAt])) as Record<string, string>,
      cursors: edges.map((e) => e.cursor),
      single: one.data!.case.lastActivityAt,
    };
  };
  const post = async (token: string, caseId: string, visibility: string) => {
    const response = await api.gql('mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }', { input: { caseId, kind: 'NOTE', visibility, body: `Wpis ${visibility}` } }, { token });
    expect(response.errors).toBeUndefined();
  };

  beforeAll(async () => {
    api = await startApi();
    const police = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    const town = await api.fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    const ngo = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
    await api.fixtures.agreement(police, town);
    await api.fixtures.agreement(police, ngo);
    lead = (await api.signedIn(police, [Role.COORDINATOR])).token;
    leadStaff = (await api.signedIn(police, [Role.STAFF])).token;
    agency = (await api.signedIn(town, [Role.STAFF])).token;
    partner = (await api.signedIn(ngo, [Role.PARTNER])).token;
    const open = async (title: string) => {
      const opened = await api.gql<{ openCase: { id: string } }>(
        'mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }',
        { input: { title, type: 'LOCAL_CONFLICT', area: { district: 'Centrum' }, diagnosis: { what: 'spór' } } },
        { token: lead },
      );
      const id = opened.data!.openCase.id;
      for (const organisationId of [town.id, ngo.id]) {
        await api.gql('mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { id } }', { input: { caseId: id, organisationId } }, { token: lead });
      }
      return id;
    };
    older = await open('Spór sąsiedzki');
    newer = await open('Hałas w nocy');
  });
  afterAll(async () => {
    await api.stop();
  });

  it('does not move for an NGO partner on AGENCIES and LEAD updates, and does on a PARTNERS update', async () => {
    const start = await view(partner);
    expect(start.order).toEqual([newer, older]);

    await post(leadStaff, older, 'AGENCIES');
    await post(leadStaff, older, 'LEAD');
    // The NGO partner sees nothing move: not the value, not the order, not the cursor.
    expect(await view(partner)).toEqual(start);

    await post(leadStaff, older, 'PARTNERS');
    const after = await view(partner);
    expect(after.order).toEqual([older, newer]);
    expect(Date.parse(after.at[older]!)).toBeGreaterThan(Date.parse(start.at[older]!));
    expect(after.single).toBe(after.at[older]);
    expect(after.at[newer]).toBe(start.at[newer]);
  });

  it('moves for an agency on an AGENCIES update, and only for the lead organisation on a LEAD update', async () => {
    await post(leadStaff, newer, 'PARTNERS');
    const agencyStart = await view(agency);
    const leadStart = await view(lead);
    const partnerStart = await view(partner);
    expect(agencyStart.order).toEqual([newer, older]);
    expect(leadStart.order).toEqual([newer, older]);

    await post(leadStaff, older, 'AGENCIES');
    const agencyAfter = await view(agency);
    expect(agencyAfter.order).toEqual([older, newer]);
    expect(Date.parse(agencyAfter.at[older]!)).toBeGreaterThan(Date.parse(agencyStart.at[older]!));
    expect(agencyAfter.single).toBe(agencyAfter.at[older]);
    expect((await view(lead)).order).toEqual([older, newer]);
    expect(await view(partner)).toEqual(partnerStart);

    // A LEAD update on the other case: the lead organisation sees it move up; the agency and the partner do not.
    await post(leadStaff, newer, 'LEAD');
    const leadAfter = await view(lead);
    expect(leadAfter.order).toEqual([newer, older]);
    expect(Date.parse(leadAfter.at[newer]!)).toBeGreaterThan(Date.parse(leadStart.at[newer]!));
    expect(await view(agency)).toEqual(agencyAfter);
    expect(await view(partner)).toEqual(partnerStart);
  });
});
