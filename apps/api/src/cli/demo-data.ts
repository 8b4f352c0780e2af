import { AgreementStatus, DataCategory, OrganisationKind, Role } from '@cg/shared/domain';

/** Demo mode only: every demo account shares this password, printed by the start command. */
export const DEMO_PASSWORD = 'Legionowo-demo-2026';

export interface DemoOrganisation {
  code: string;
  name: string;
  kind: OrganisationKind;
  parent?: string;
  area: string;
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  { code: 'KPPLEG', name: 'Komenda Powiatowa Policji w Legionowie', kind: OrganisationKind.POLICE_UNIT, area: 'powiat legionowski' },
  { code: 'KPJAB', name: 'Komisariat Policji w Jabłonnie', kind: OrganisationKind.POLICE_UNIT, parent: 'KPPLEG', area: 'gmina Jabłonna' },
  { code: 'UMLEG', name: 'Urząd Miasta Legionowo', kind: OrganisationKind.MUNICIPALITY, area: 'miasto Legionowo' },
  { code: 'SMLEG', name: 'Straż Miejska w Legionowie', kind: OrganisationKind.MUNICIPAL_GUARD, area: 'miasto Legionowo' },
  { code: 'MOPS', name: 'Miejski Ośrodek Pomocy Społecznej w Legionowie', kind: OrganisationKind.SOCIAL_SERVICES, area: 'miasto Legionowo' },
  { code: 'LSM', name: 'Legionowska Spółdzielnia Mieszkaniowa', kind: OrganisationKind.HOUSING, area: 'osiedla Piaski, Jagiellońska, Młodych' },
  { code: 'SSPIA', name: 'Stowarzyszenie Sąsiedzkie „Piaski”', kind: OrganisationKind.NGO, area: 'osiedle Piaski' },
  { code: 'FPOR', name: 'Fundacja Mediacji Społecznej „Porozumienie”', kind: OrganisationKind.NGO, area: 'powiat legionowski' },
];

export interface DemoUser {
  email: string;
  displayName: string;
  organisation: string;
  roles: Role[];
  locale: 'pl' | 'en';
  weeklyCapacity: number;
}

export const DEMO_USERS: DemoUser[] = [
  { email: 'admin@commonground.test', displayName: 'Ewa Administratorska', organisation: 'UMLEG', roles: [Role.ADMIN], locale: 'pl', weeklyCapacity: 0 },
  { email: 'k.nowak@kpp-legionowo.test', displayName: 'nadkom. Krzysztof Nowak', organisation: 'KPPLEG', roles: [Role.COORDINATOR], locale: 'pl', weeklyCapacity: 20 },
  { email: 'a.wisniewska@kpp-legionowo.test', displayName: 'asp. Anna Wiśniewska (dzielnicowa)', organisation: 'KPPLEG', roles: [Role.STAFF], locale: 'pl', weeklyCapacity: 16 },
  { email: 'p.zielinski@jablonna-policja.test', displayName: 'sierż. Piotr Zieliński (dzielnicowy)', organisation: 'KPJAB', roles: [Role.STAFF], locale: 'pl', weeklyCapacity: 16 },
  { email: 'm.kaminska@legionowo-um.test', displayName: 'Magdalena Kamińska', organisation: 'UMLEG', roles: [Role.COORDINATOR], locale: 'pl', weeklyCapacity: 20 },
  { email: 't.lewandowski@sm-legionowo.test', displayName: 'Tomasz Lewandowski', organisation: 'SMLEG', roles: [Role.STAFF], locale: 'pl', weeklyCapacity: 18 },
  { email: 'j.wojcik@mops-legionowo.test', displayName: 'Joanna Wójcik', organisation: 'MOPS', roles: [Role.STAFF], locale: 'pl', weeklyCapacity: 14 },
  { email: 'r.kowalczyk@lsm.test', displayName: 'Robert Kowalczyk', organisation: 'LSM', roles: [Role.STAFF], locale: 'pl', weeklyCapacity: 10 },
  { email: 'b.mazur@piaski-sasiedzi.test', displayName: 'Barbara Mazur', organisation: 'SSPIA', roles: [Role.PARTNER], locale: 'pl', weeklyCapacity: 8 },
  { email: 'd.krawczyk@porozumienie.test', displayName: 'Daniel Krawczyk', organisation: 'FPOR', roles: [Role.PARTNER], locale: 'en', weeklyCapacity: 8 },
  // Every organisation has a coordinator, who answers the requests (tasks) other organisations send it.
  { email: 'm.dabrowski@jablonna-policja.test', displayName: 'kom. Marek Dąbrowski', organisation: 'KPJAB', roles: [Role.COORDINATOR], locale: 'pl', weeklyCapacity: 18 },
  { email: 'a.szymanska@sm-legionowo.test', displayName: 'Agnieszka Szymańska', organisation: 'SMLEG', roles: [Role.COORDINATOR], locale: 'pl', weeklyCapacity: 18 },
  { email: 'e.jankowska@mops-legionowo.test', displayName: 'Elżbieta Jankowska', organisation: 'MOPS', roles: [Role.COORDINATOR], locale: 'pl', weeklyCapacity: 14 },
  { email: 'p.mazurek@lsm.test', displayName: 'Paweł Mazurek', organisation: 'LSM', roles: [Role.COORDINATOR], locale: 'pl', weeklyCapacity: 12 },
  { email: 'h.wrobel@piaski-sasiedzi.test', displayName: 'Hanna Wróbel', organisation: 'SSPIA', roles: [Role.COORDINATOR, Role.PARTNER], locale: 'pl', weeklyCapacity: 8 },
  { email: 'i.nowicka@porozumienie.test', displayName: 'Irena Nowicka', organisation: 'FPOR', roles: [Role.COORDINATOR, Role.PARTNER], locale: 'en', weeklyCapacity: 8 },
  { email: 'analityk@kpp-legionowo.test', displayName: 'Katarzyna Piotrowska', organisation: 'KPPLEG', roles: [Role.ANALYST], locale: 'pl', weeklyCapacity: 0 },
  { email: 'iod@legionowo-um.test', displayName: 'Marek Grabowski (IOD)', organisation: 'UMLEG', roles: [Role.AUDITOR], locale: 'pl', weeklyCapacity: 0 },
];

export interface DemoAgreement {
  a: string;
  b: string;
  purpose: string;
  dataCategories: DataCategory[];
  validFrom: string;
  validTo: string | null;
  status: AgreementStatus;
}

const ALL = Object.values(DataCategory);
const NGO = [DataCategory.CASE_CONTENT, DataCategory.TASKS, DataCategory.INDICATORS];

export const DEMO_AGREEMENTS: DemoAgreement[] = [
  { a: 'KPPLEG', b: 'UMLEG', purpose: 'Porozumienie o współpracy na rzecz bezpieczeństwa lokalnego w Legionowie', dataCategories: ALL, validFrom: '2025-01-01', validTo: '2027-12-31', status: AgreementStatus.ACTIVE },
  { a: 'KPPLEG', b: 'KPJAB', purpose: 'Współpraca jednostek Policji powiatu legionowskiego', dataCategories: ALL, validFrom: '2024-01-01', validTo: null, status: AgreementStatus.ACTIVE },
  { a: 'KPPLEG', b: 'SMLEG', purpose: 'Wspólne patrole i wymiana informacji o zagrożeniach', dataCategories: [DataCategory.CASE_CONTENT, DataCategory.INCIDENT_DATA, DataCategory.TASKS], validFrom: '2025-03-01', validTo: '2027-02-28', status: AgreementStatus.ACTIVE },
  { a: 'KPPLEG', b: 'MOPS', purpose: 'Procedura Niebieskiej Karty i wsparcie rodzin w kryzysie', dataCategories: [DataCategory.CASE_CONTENT, DataCategory.STAKEHOLDER_CONTACTS, DataCategory.TASKS], validFrom: '2025-01-01', validTo: '2026-12-31', status: AgreementStatus.ACTIVE },
  { a: 'KPPLEG', b: 'LSM', purpose: 'Bezpieczeństwo na osiedlach spółdzielni: oświetlenie, monitoring, zgłoszenia', dataCategories: [DataCategory.CASE_CONTENT, DataCategory.TASKS], validFrom: '2025-06-01', validTo: '2027-05-31', status: AgreementStatus.ACTIVE },
  { a: 'KPPLEG', b: 'SSPIA', purpose: 'Dialog z mieszkańcami osiedla Piaski i debaty społeczne', dataCategories: NGO, validFrom: '2025-09-01', validTo: '2027-08-31', status: AgreementStatus.ACTIVE },
  { a: 'KPPLEG', b: 'FPOR', purpose: 'Mediacje sąsiedzkie i rówieśnicze', dataCategories: NGO, validFrom: '2025-04-01', validTo: '2026-10-31', status: AgreementStatus.ACTIVE },
  { a: 'UMLEG', b: 'FPOR', purpose: 'Program mediacji sąsiedzkich finansowany przez miasto', dataCategories: NGO, validFrom: '2026-01-01', validTo: '2026-12-31', status: AgreementStatus.ACTIVE },
  { a: 'UMLEG', b: 'SSPIA', purpose: 'Projekt rewitalizacji podwórek (w przygotowaniu)', dataCategories: [DataCategory.CASE_CONTENT], validFrom: '2027-01-01', validTo: null, status: AgreementStatus.DRAFT },
];
