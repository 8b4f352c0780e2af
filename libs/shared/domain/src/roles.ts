export enum Role {
  ADMIN = 'ADMIN',
  COORDINATOR = 'COORDINATOR',
  STAFF = 'STAFF',
  PARTNER = 'PARTNER',
  ANALYST = 'ANALYST',
  AUDITOR = 'AUDITOR',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);

export enum OrganisationKind {
  POLICE_UNIT = 'POLICE_UNIT',
  MUNICIPALITY = 'MUNICIPALITY',
  MUNICIPAL_GUARD = 'MUNICIPAL_GUARD',
  SOCIAL_SERVICES = 'SOCIAL_SERVICES',
  SCHOOL = 'SCHOOL',
  HOUSING = 'HOUSING',
  NGO = 'NGO',
  OTHER = 'OTHER',
}

/** Public bodies see `AGENCIES` updates: every kind but NGO and OTHER. */
export function isPublicBody(kind: OrganisationKind): boolean {
  return kind !== OrganisationKind.NGO && kind !== OrganisationKind.OTHER;
}

export enum AgreementStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  TERMINATED = 'TERMINATED',
}

export enum DataCategory {
  CASE_CONTENT = 'CASE_CONTENT',
  STAKEHOLDER_CONTACTS = 'STAKEHOLDER_CONTACTS',
  INCIDENT_DATA = 'INCIDENT_DATA',
  INDICATORS = 'INDICATORS',
  TASKS = 'TASKS',
}

export type Locale = 'pl' | 'en';
export const LOCALES: readonly Locale[] = ['pl', 'en'];
export const DEFAULT_LOCALE: Locale = 'pl';

/** The first of our locales an Accept-Language header names (a repeated header: its first value). */
export function pickLocale(header: string | string[] | undefined | null): Locale | undefined {
  const acceptLanguage = Array.isArray(header) ? header[0] : header;
  if (!acceptLanguage) return undefined;
  for (const part of acceptLanguage.split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase().slice(0, 2);
    if (tag === 'pl' || tag === 'en') return tag;
  }
  return undefined;
}
