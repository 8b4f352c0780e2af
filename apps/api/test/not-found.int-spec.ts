import { randomUUID } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getNamedType, isCompositeType, isInputObjectType, isListType, isNonNullType, GraphQLID, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import { DataCategory, OrganisationKind, Role } from '@cg/shared/domain';
import type { GqlResponse, TestApp } from '@cg/server/testing';
import { startApi } from './start';

/**
 * "An object the caller may not see is NOT_FOUND" (DESIGN.md §5), and the answer must not tell what exists
 * elsewhere: for every query and mutation argument that is an id, a random id and the id of a real object
 * the caller may not see (in a case of another organisation, a colleague of another organisation…) get the
 * same answer, to the letter. The list of operations comes from the schema itself: an operation taking an id
 * that is not listed below fails this test until it is.
 */

type Caller = 'coordinator' | 'staff' | 'admin' | 'auditor';

interface Probe {
  caller: Caller;
  /** The arguments, valid apart from the id under test (which the test replaces). */
  args: () => Record<string, unknown>;
  /** A real object of that kind the caller may not see; null when every such object is visible to the caller (said why). */
  hidden: (() => string) | null;
  why?: string;
  /** What the answer is: NOT_FOUND by default; `list` for a filter (the same page, no error). */
  expect?: 'NOT_FOUND' | 'BAD_USER_INPUT' | 'list';
}

/** Every (operation, id argument) pair of the schema: ID-typed arguments and input fields, or names ending in id/Id/ids/Ids. */
function idArguments(schema: GraphQLSchema): string[] {
  const found: string[] = [];
  const walk = (operation: string, type: GraphQLInputType, path: string[], seen: Set<string>) => {
    const named = getNamedType(type);
    const name = path[path.length - 1]!;
    if (isInputObjectType(named)) {
      if (seen.has(named.name)) return;
      for (const field of Object.values(named.getFields())) walk(operation, field.type, [...path, field.name], new Set([...seen, named.name]));
    } else if (named === GraphQLID || /(^id|Id|^ids|Ids)$/.test(name)) {
      found.push(`${operation} ${path.join('.')}`);
    }
  };
  for (const root of [schema.getQueryType()!, schema.getMutationType()!]) {
    for (const field of Object.values(root.getFields())) for (const arg of field.args) walk(`${root.name}.${field.name}`, arg.type, [arg.name], new Set());
  }
  return found;
}

function typeString(type: GraphQLInputType): string {
  if (isNonNullType(type)) return `${typeString(type.ofType)}!`;
  if (isListType(type)) return `[${typeString(type.ofType as GraphQLInputType)}]`;
  return type.name;
}

function withId(args: Record<string, unknown>, path: string[], id: string): Record<string, unknown> {
  const copy = structuredClone(args);
  let target = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
  const last = path[path.length - 1]!;
  target[last] = /ids$/i.test(last) ? [id] : id;
  return copy;
}

describe('NOT_FOUND tells nothing about what exists elsewhere', () => {
  let api: TestApp;
  let schema: GraphQLSchema;
  const tokens = {} as Record<Caller, string>;
  const ids: Record<string, string> = {};
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  async function ok<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
    const response = await api.gql<T>(query, variables, { token });
    if (!response.data || response.errors) throw new Error(`setup failed: ${query}: ${JSON.stringify(response.errors)}`);
    return response.data;
  }

  /** One entry per id argument of the schema. */
  const PROBES: Record<string, Probe> = {
    'Query.auditEvents filter.actorOrganisationId': { caller: 'auditor', args: () => ({ first: 5 }), hidden: null, why: 'auditors read the whole trail', expect: 'list' },
    'Query.auditEvents filter.actorUserId': { caller: 'auditor', args: () => ({ first: 5 }), hidden: null, why: 'auditors read the whole trail', expect: 'list' },
    'Query.auditEvents filter.entityId': { caller: 'auditor', args: () => ({ first: 5 }), hidden: null, why: 'auditors read the whole trail', expect: 'list' },
    'Query.case id': { caller: 'coordinator', args: () => ({}), hidden: () => ids.foreignCase! },
    'Query.caseIndicatorsCsv id': { caller: 'coordinator', args: () => ({}), hidden: () => ids.foreignCase! },
    'Query.caseMap filter.leadOrganisationId': { caller: 'coordinator', args: () => ({}), hidden: () => ids.foreignOrg!, expect: 'list' },
    'Query.caseMap filter.participantOrganisationId': { caller: 'coordinator', args: () => ({}), hidden: () => ids.foreignOrg!, expect: 'list' },
    'Query.caseHotspots input.filter.leadOrganisationId': { caller: 'coordinator', args: () => ({ input: { bounds: { south: 52.0, west: 20.5, north: 52.6, east: 21.3 } } }), hidden: () => ids.foreignOrg!, expect: 'list' },
    'Query.caseHotspots input.filter.participantOrganisationId': { caller: 'coordinator', args: () => ({ input: { bounds: { south: 52.0, west: 20.5, north: 52.6, east: 21.3 } } }), hidden: () => ids.foreignOrg!, expect: 'list' },
    'Query.cases filter.leadOrganisationId': { caller: 'coordinator', args: () => ({ first: 5 }), hidden: () => ids.foreignOrg!, expect: 'list' },
    'Query.cases filter.participantOrganisationId': { caller: 'coordinator', args: () => ({ first: 5 }), hidden: () => ids.foreignOrg!, expect: 'list' },
    'Query.organisation id': { caller: 'coordinator', args: () => ({}), hidden: null, why: 'the directory of organisations is open to everyone signed in' },
    'Query.organisations filter.parentId': { caller: 'coordinator', args: () => ({ first: 5 }), hidden: null, why: 'the directory is open', expect: 'list' },
    'Query.partnershipAgreements organisationId': { caller: 'coordinator', args: () => ({ first: 5 }), hidden: () => ids.foreignOrg!, expect: 'list' },
    'Query.stakeholder id': { caller: 'coordinator', args: () => ({}), hidden: () => ids.foreignStakeholder! },
    'Query.attachment id': { caller: 'coordinator', args: () => ({}), hidden: () => ids.foreignAttachment! },
    'Query.task id': { caller: 'coordinator', args: () => ({}), hidden: () => ids.foreignTask! },
    'Query.users filter.organisationId': { caller: 'coordinator', args: () => ({ first: 5 }), hidden: () => ids.foreignOrg!, expect: 'list' },
    'Query.workload organisationId': { caller: 'coordinator', args: () => ({}), hidden: () => ids.foreignOrg! },

    'Mutation.addCaseParticipant input.caseId': { caller: 'coordinator', args: () => ({ input: { caseId: ids.myCase, organisationId: ids.otherOrg, overrideReason: 'Wspólna sprawa z urzędem', grantedCategories: ['CASE_CONTENT'] } }), hidden: () => ids.foreignCase! },
    'Mutation.addCaseParticipant input.organisationId': { caller: 'coordinator', args: () => ({ input: { caseId: ids.myCase, organisationId: ids.otherOrg, overrideReason: 'Wspólna sprawa z urzędem', grantedCategories: ['CASE_CONTENT'] } }), hidden: null, why: 'the directory is open' },
    'Mutation.addStakeholder input.caseId': { caller: 'coordinator', args: () => ({ input: { caseId: ids.myCase, name: 'Rada osiedla', triangleRole: 'COMMUNITY' } }), hidden: () => ids.foreignCase! },
    'Mutation.assessTrustRisk input.caseId': { caller: 'coordinator', args: () => ({ input: { caseId: ids.myCase, title: 'Ryzyko', likelihood: 2, impact: 2 } }), hidden: () => ids.foreignCase! },
    'Mutation.assessTrustRisk input.ownerOrganisationId': { caller: 'coordinator', args: () => ({ input: { caseId: ids.myCase, title: 'Ryzyko', likelihood: 2, impact: 2 } }), hidden: null, why: 'the directory is open; an organisation not on the case is refused as input', expect: 'BAD_USER_INPUT' },
    'Mutation.assessTrustRisk input.ownerUserId': { caller: 'coordinator', args: () => ({ input: { caseId: ids.myCase, title: 'Ryzyko', likelihood: 2, impact: 2 } }), hidden: () => ids.foreignUser! },
    'Mutation.assignTask input.assigneeId': { caller: 'coordinator', args: () => ({ input: { id: ids.myTask, version: 1, assigneeId: ids.myUser } }), hidden: () => ids.foreignUser! },
    'Mutation.assignTask input.id': { caller: 'coordinator', args: () => ({ input: { id: ids.myTask, version: 1, assigneeId: ids.myUser } }), hidden: () => ids.foreignTask! },
    'Mutation.cancelAction input.id': { caller: 'coordinator', args: () => ({ input: { version: 1, reason: 'test' } }), hidden: () => ids.foreignAction! },
    'Mutation.changeCasePhase input.id': { caller: 'coordinator', args: () => ({ input: { version: 1, phase: 'ANALYSIS' } }), hidden: () => ids.foreignCase! },
    'Mutation.changePartnershipAgreementStatus input.id': { caller: 'admin', args: () => ({ input: { version: 1, status: 'TERMINATED' } }), hidden: null, why: 'administrators see every agreement' },
    'Mutation.changeTaskStatus input.id': { caller: 'coordinator', args: () => ({ input: { version: 1, status: 'CANCELLED' } }), hidden: () => ids.foreignTask! },
    'Mutation.closeCase input.id': { caller: 'coordinator', args: () => ({ input: { version: 1, outcome: 'REDUCED', assessment: 'test' } }), hidden: () => ids.foreignCase! },
    'Mutation.createOrganisation input.parentId': { caller: 'admin', args: () => ({ input: { name: 'Posterunek', code: `P${randomUUID().slice(0, 6).toUpperCase()}`, kind: 'POLICE_UNIT' } }), hidden: null, why: 'administrators see every organisation' },
    'Mutation.createPartnershipAgreement input.organisationAId': { caller: 'admin', args: () => ({ input: { organisationAId: ids.myOrg, organisationBId: ids.otherOrg, purpose: 'test', dataCategories: [], validFrom: day(0) } }), hidden: null, why: 'administrators see every organisation' },
    'Mutation.createPartnershipAgreement input.organisationBId': { caller: 'admin', args: () => ({ input: { organisationAId: ids.myOrg, organisationBId: ids.otherOrg, purpose: 'test', dataCategories: [], validFrom: day(0) } }), hidden: null, why: 'administrators see every organisation' },
    'Mutation.createTask input.actionId': { caller: 'coordinator', args: () => ({ input: { caseId: ids.myCase, organisationId: ids.myOrg, title: 'Zadanie', dueDate: day(5) } }), hidden: () => ids.foreignAction! },
    'Mutation.createTask input.assigneeId': { caller: 'coordinator', args: () => ({ input: { caseId: ids.myCase, organisationId: ids.myOrg, title: 'Zadanie', dueDate: day(5) } }), hidden: () => ids.foreignUser! },
    'Mutation.createTask input.caseId': { caller: 'coordinator', args: () => ({ input: { caseId: ids.myCase, organisationId: ids.myOrg, title: 'Zadanie', dueDate: day(5) } }), hidden: () => ids.foreignCase! },
    'Mutation.createTask input.organisationId': { caller: 'coordinator', args: () => ({ input: { caseId: ids.myCase, organisationId: ids.myOrg, title: 'Zadanie', dueDate: day(5) } }), hidden: null, why: 'the directory is open; an organisation not on the case is refused as input', expect: 'BAD_USER_INPUT' },
    'Mutation.createUser input.organisationId': { caller: 'admin', args: () => ({ input: { displayName: 'Nowa', email: `${randomUUID()}@example.test`, password: 'a long enough pass phrase 2026', roles: ['STAFF'] } }), hidden: null, why: 'administrators see every organisation' },
    'Mutation.deactivateOrganisation input.id': { caller: 'admin', args: () => ({ input: { version: 1 } }), hidden: null, why: 'administrators see every organisation' },
    'Mutation.deactivateUser input.id': { caller: 'admin', args: () => ({ input: { version: 1 } }), hidden: null, why: 'administrators see every user' },
    'Mutation.defineIndicator input.caseId': { caller: 'coordinator', args: () => ({ input: { catalogueCode: 'POLICE_INTERVENTIONS', baselineValue: 20, baselineDate: day(-100), targetValue: 10, targetDate: day(100) } }), hidden: () => ids.foreignCase! },
    'Mutation.disableWebhook input.id': { caller: 'coordinator', args: () => ({ input: { version: 1 } }), hidden: () => ids.foreignWebhook! },
    'Mutation.enableWebhook input.id': { caller: 'coordinator', args: () => ({ input: { version: 1 } }), hidden: () => ids.foreignWebhook! },
    'Mutation.escalateCase input.id': { caller: 'coordinator', args: () => ({ input: { version: 1, escalation: 'ELEVATED', reason: 'test' } }), hidden: () => ids.foreignCase! },
    'Mutation.importSurveyResults input.caseId': { caller: 'coordinator', args: () => ({ input: { csv: 'indicator_code,area,positive_share,sample_size,measured_on\n' } }), hidden: () => ids.foreignCase! },
    'Mutation.markNotificationsRead input.ids': { caller: 'coordinator', args: () => ({ input: {} }), hidden: () => ids.foreignNotification!, expect: 'list' },
    'Mutation.markUnavailable input.userId': { caller: 'coordinator', args: () => ({ input: { startsOn: day(1), endsOn: day(2), reason: 'LEAVE' } }), hidden: () => ids.foreignUser! },
    'Mutation.openCase input.template.templateId': { caller: 'coordinator', args: () => ({ input: { title: 'Sprawa', type: 'PRIORITY_PLAN', area: { district: 'Piaski' }, diagnosis: { what: 'problem' }, template: { actionKeys: [], taskKeys: [], indicatorCodes: [] } } }), hidden: null, why: 'templates belong to no organisation: every coordinator reads every one' },
    'Mutation.planAction input.caseId': { caller: 'coordinator', args: () => ({ input: { caseId: ids.myCase, kind: 'MEDIATION', title: 'Mediacja', startsOn: day(1), endsOn: day(30) } }), hidden: () => ids.foreignCase! },
    'Mutation.planAction input.leadOrganisationId': { caller: 'coordinator', args: () => ({ input: { caseId: ids.myCase, kind: 'MEDIATION', title: 'Mediacja', startsOn: day(1), endsOn: day(30) } }), hidden: null, why: 'the directory is open; an organisation not on the case is refused as input', expect: 'BAD_USER_INPUT' },
    'Mutation.postCaseUpdate input.caseId': { caller: 'coordinator', args: () => ({ input: { kind: 'NOTE', visibility: 'PARTNERS', body: 'test' } }), hidden: () => ids.foreignCase! },
    'Mutation.recordMeasurement input.indicatorId': { caller: 'coordinator', args: () => ({ input: { indicatorId: ids.myIndicator, value: 12, measuredOn: day(-1) } }), hidden: () => ids.foreignIndicator! },
    'Mutation.recordMeasurement input.supersedesId': { caller: 'coordinator', args: () => ({ input: { indicatorId: ids.myIndicator, value: 12, measuredOn: day(-1) } }), hidden: () => ids.foreignMeasurement! },
    'Mutation.removeCaseParticipant input.caseId': { caller: 'coordinator', args: () => ({ input: { organisationId: ids.otherOrg } }), hidden: () => ids.foreignCase! },
    'Mutation.removeCaseParticipant input.organisationId': { caller: 'coordinator', args: () => ({ input: { caseId: ids.myCase } }), hidden: null, why: 'the directory is open' },
    'Mutation.removeStakeholder input.id': { caller: 'coordinator', args: () => ({ input: { version: 1 } }), hidden: () => ids.foreignStakeholder! },
    'Mutation.reopenCase input.id': { caller: 'coordinator', args: () => ({ input: { version: 1, reason: 'test' } }), hidden: () => ids.foreignCase! },
    'Mutation.respondToTask input.assigneeId': { caller: 'coordinator', args: () => ({ input: { id: ids.myTask, version: 1, accept: true } }), hidden: () => ids.foreignUser! },
    'Mutation.respondToTask input.id': { caller: 'coordinator', args: () => ({ input: { version: 1, accept: false, reason: 'test' } }), hidden: () => ids.foreignTask! },
    'Mutation.reviewPartnerInput input.id': { caller: 'coordinator', args: () => ({ input: { version: 1, decision: 'ACKNOWLEDGE', response: 'test' } }), hidden: () => ids.foreignInput! },
    'Mutation.rebaseCaseParticipant input.caseId': { caller: 'coordinator', args: () => ({ input: { caseId: ids.myCase, organisationId: ids.otherOrg, overrideReason: 'Porozumienie w przygotowaniu', grantedCategories: ['CASE_CONTENT'] } }), hidden: () => ids.foreignCase! },
    'Mutation.rebaseCaseParticipant input.organisationId': { caller: 'coordinator', args: () => ({ input: { caseId: ids.myCase, organisationId: ids.otherOrg, overrideReason: 'Porozumienie w przygotowaniu', grantedCategories: ['CASE_CONTENT'] } }), hidden: null, why: 'the directory is open; an organisation not on the case is not a participation', expect: 'NOT_FOUND' },
    'Mutation.reactivateUser input.id': { caller: 'admin', args: () => ({ input: { version: 1 } }), hidden: null, why: 'administrators see every user' },
    'Mutation.updateUser input.id': { caller: 'coordinator', args: () => ({ input: { version: 1, weeklyCapacity: 12 } }), hidden: () => ids.foreignUser! },
    'Mutation.setUserRoles input.id': { caller: 'admin', args: () => ({ input: { version: 1, roles: ['STAFF'] } }), hidden: null, why: 'administrators see every user' },
    'Mutation.submitPartnerInput input.caseId': { caller: 'staff', args: () => ({ input: { kind: 'OBSERVATION', body: 'test' } }), hidden: () => ids.foreignCase! },
    'Mutation.updateAction input.id': { caller: 'coordinator', args: () => ({ input: { version: 1, title: 'test' } }), hidden: () => ids.foreignAction! },
    'Mutation.updateCase input.id': { caller: 'coordinator', args: () => ({ input: { version: 1, title: 'test' } }), hidden: () => ids.foreignCase! },
    'Mutation.linkCases input.caseId': { caller: 'coordinator', args: () => ({ input: { linkedCaseId: ids.myCase, kind: 'RELATED' } }), hidden: () => ids.foreignCase! },
    'Mutation.linkCases input.linkedCaseId': { caller: 'coordinator', args: () => ({ input: { caseId: ids.myCase, kind: 'RELATED' } }), hidden: () => ids.foreignCase! },
    'Mutation.unlinkCases input.linkId': { caller: 'coordinator', args: () => ({ input: {} }), hidden: () => ids.foreignLink! },
    'Mutation.mergeCase input.duplicateId': { caller: 'coordinator', args: () => ({ input: { duplicateVersion: 1, survivorId: ids.myCase, survivorVersion: 1 } }), hidden: () => ids.foreignCase! },
    'Mutation.mergeCase input.survivorId': { caller: 'coordinator', args: () => ({ input: { duplicateId: ids.myCase, duplicateVersion: 1, survivorVersion: 1 } }), hidden: () => ids.foreignCase! },
    'Mutation.updateStakeholder input.id': { caller: 'coordinator', args: () => ({ input: { version: 1, name: 'test' } }), hidden: () => ids.foreignStakeholder! },
    'Mutation.updateTrustRisk input.id': { caller: 'coordinator', args: () => ({ input: { version: 1, title: 'test' } }), hidden: () => ids.foreignRisk! },
  };

  /** The document for one operation, its variables typed from the schema, selecting `__typename` of an object result. */
  function documentFor(key: string, sent: Record<string, unknown>): string {
    const [root, field] = key.split(' ')[0]!.split('.') as ['Query' | 'Mutation', string];
    const definition = (root === 'Query' ? schema.getQueryType() : schema.getMutationType())!.getFields()[field]!;
    const given = definition.args.filter((a) => a.name in sent);
    const variables = given.map((a) => `$${a.name}: ${typeString(a.type)}`).join(', ');
    const args = given.map((a) => `${a.name}: $${a.name}`).join(', ');
    const selection = isCompositeType(getNamedType(definition.type)) ? '{ __typename }' : '';
    return `${root === 'Query' ? 'query' : 'mutation'}${variables ? `(${variables})` : ''} { ${field}${args ? `(${args})` : ''} ${selection} }`;
  }

  beforeAll(async () => {
    api = await startApi();
    schema = api.app.get(GraphQLSchemaHost).schema;
    const myOrg = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    const foreignOrg = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    const ngo = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
    const otherOrg = await api.fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    await api.fixtures.agreement(foreignOrg, ngo, { dataCategories: [DataCategory.CASE_CONTENT, DataCategory.TASKS, DataCategory.INDICATORS, DataCategory.STAKEHOLDER_CONTACTS] });
    Object.assign(ids, { myOrg: myOrg.id, foreignOrg: foreignOrg.id, otherOrg: otherOrg.id });
    const coordinator = await api.signedIn(myOrg, [Role.COORDINATOR]);
    tokens.coordinator = coordinator.token;
    ids.myUser = coordinator.user.id;
    tokens.staff = (await api.signedIn(myOrg, [Role.STAFF])).token;
    tokens.admin = (await api.signedIn(myOrg, [Role.ADMIN])).token;
    tokens.auditor = (await api.signedIn(myOrg, [Role.AUDITOR])).token;
    const foreign = await api.signedIn(foreignOrg, [Role.COORDINATOR]);
    const foreignStaff = await api.signedIn(foreignOrg, [Role.STAFF]);
    const partner = await api.signedIn(ngo, [Role.PARTNER]);
    ids.foreignUser = foreignStaff.user.id;

    const open = async (token: string) =>
      (await ok<{ openCase: { id: string } }>('mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }', { input: { title: 'Sprawa', type: 'LOCAL_CONFLICT', area: { district: 'Centrum' }, diagnosis: { what: 'hałas' } } }, token)).openCase.id;
    const build = async (token: string, caseId: string, organisationId: string) => {
      const task = await ok<{ createTask: { id: string } }>('mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }', { input: { caseId, organisationId, title: 'Zadanie', dueDate: day(5) } }, token);
      const action = await ok<{ planAction: { id: string } }>('mutation($input: PlanActionInput!) { planAction(input: $input) { id } }', { input: { caseId, kind: 'MEDIATION', title: 'Mediacja', startsOn: day(1), endsOn: day(30) } }, token);
      const indicator = await ok<{ defineIndicator: { id: string } }>(
        'mutation($input: DefineIndicatorInput!) { defineIndicator(input: $input) { id } }',
        { input: { caseId, catalogueCode: 'POLICE_INTERVENTIONS', baselineValue: 20, baselineDate: day(-100), targetValue: 10, targetDate: day(100) } },
        token,
      );
      return { task: task.createTask.id, action: action.planAction.id, indicator: indicator.defineIndicator.id };
    };
    ids.myCase = await open(coordinator.token);
    const own = await build(coordinator.token, ids.myCase, myOrg.id);
    Object.assign(ids, { myTask: own.task, myIndicator: own.indicator });

    ids.foreignCase = await open(foreign.token);
    await ok('mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { id } }', { input: { caseId: ids.foreignCase, organisationId: ngo.id } }, foreign.token);
    const theirs = await build(foreign.token, ids.foreignCase, foreignOrg.id);
    const foreignSecond = await open(foreign.token);
    ids.foreignLink = (await ok<{ linkCases: { id: string } }>('mutation($input: LinkCasesInput!) { linkCases(input: $input) { id } }', { input: { caseId: ids.foreignCase, linkedCaseId: foreignSecond, kind: 'RELATED' } }, foreign.token)).linkCases.id;
    Object.assign(ids, { foreignTask: theirs.task, foreignAction: theirs.action, foreignIndicator: theirs.indicator });
    await ok('mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }', { input: { indicatorId: ids.foreignIndicator, value: 14, measuredOn: day(-10) } }, foreign.token);
    [{ id: ids.foreignMeasurement }] = await api.dataSource.query('SELECT id FROM measurements WHERE indicator_id = $1', [ids.foreignIndicator]);
    ids.foreignStakeholder = (await ok<{ addStakeholder: { id: string } }>('mutation($input: AddStakeholderInput!) { addStakeholder(input: $input) { id } }', { input: { caseId: ids.foreignCase, name: 'Rada', triangleRole: 'COMMUNITY' } }, foreign.token)).addStakeholder.id;
    ids.foreignRisk = (await ok<{ assessTrustRisk: { id: string } }>('mutation($input: AssessTrustRiskInput!) { assessTrustRisk(input: $input) { id } }', { input: { caseId: ids.foreignCase, title: 'Ryzyko', likelihood: 2, impact: 3 } }, foreign.token)).assessTrustRisk.id;
    ids.foreignInput = (await ok<{ submitPartnerInput: { id: string } }>('mutation($input: SubmitPartnerInputInput!) { submitPartnerInput(input: $input) { id } }', { input: { caseId: ids.foreignCase, kind: 'OBSERVATION', body: 'Uwagi' } }, partner.token)).submitPartnerInput.id;
    [{ id: ids.foreignAttachment }] = await api.dataSource.query(
      `INSERT INTO attachments (case_id, partner_input_id, file_name, content_type, size_bytes, sha256, storage_key, organisation_id)
       VALUES ($1, $2, 'uwagi.pdf', 'application/pdf', 10, repeat('0', 64), 'cases/x/y', $3) RETURNING id`,
      [ids.foreignCase, ids.foreignInput, ngo.id],
    );
    ids.foreignWebhook = (await ok<{ registerWebhook: { endpoint: { id: string } } }>('mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { endpoint { id } } }', { input: { url: 'http://127.0.0.1:9/hook' } }, foreign.token)).registerWebhook.endpoint.id;
    [{ id: ids.foreignNotification }] = await api.dataSource.query(
      `INSERT INTO notifications (event_id, user_id, type, case_id, payload, email_mode) VALUES ($1, $2, 'case.update-posted', $3, '{}', 'NONE') RETURNING id`,
      [randomUUID(), foreignStaff.user.id, ids.foreignCase],
    );
  });
  afterAll(async () => {
    await api.stop();
  });

  it('lists every operation of the schema that takes an id', () => {
    const inSchema = idArguments(schema).sort();
    expect(inSchema.filter((key) => !PROBES[key])).toEqual([]);
    expect(Object.keys(PROBES).filter((key) => !inSchema.includes(key))).toEqual([]);
  });

  it('answers a random id and the id of an object the caller may not see in exactly the same way', async () => {
    const differences: string[] = [];
    for (const [key, probe] of Object.entries(PROBES)) {
      const path = key.split(' ')[1]!.split('.');
      const call = (id: string) => {
        const variables = withId(probe.args(), path, id);
        return api.gql(documentFor(key, variables), variables, { token: tokens[probe.caller] });
      };
      const answer = (response: GqlResponse) => ({ data: response.data ?? null, errors: (response.errors ?? []).map((e) => ({ message: e.message, path: e.path, extensions: e.extensions })) });
      const random = answer(await call(randomUUID()));
      const expected = probe.expect ?? 'NOT_FOUND';
      const code = random.errors[0]?.extensions?.code ?? null;
      if (expected === 'list' ? random.errors.length > 0 : code !== expected) differences.push(`${key}: a random id answers ${JSON.stringify(random.errors)}`);
      if (!probe.hidden) continue;
      const hidden = answer(await call(probe.hidden()));
      try {
        expect(hidden).toEqual(random);
      } catch {
        differences.push(`${key}: random ${JSON.stringify(random)} but hidden ${JSON.stringify(hidden)}`);
      }
    }
    expect(differences).toEqual([]);
  });
});
