// The audit trail's search, kept in the page's address so that a search can be bookmarked and shared.

export interface AuditSearch {
  entityType: string;
  entityId: string;
  actorUserId: string;
  actorOrganisationId: string;
  action: string;
  /** YYYY-MM-DD, inclusive, in Europe/Warsaw. */
  from: string;
  /** YYYY-MM-DD, inclusive, in Europe/Warsaw. */
  to: string;
}

export const SEARCH_KEYS = ['entityType', 'entityId', 'actorUserId', 'actorOrganisationId', 'action', 'from', 'to'] as const;

export const CONSULTATION_ACTION = 'stakeholder.read-personal';

export function searchFromParams(params: URLSearchParams): AuditSearch {
  const value = (key: string) => (params.get(key) ?? '').trim();
  return {
    entityType: value('entityType'),
    entityId: value('entityId'),
    actorUserId: value('actorUserId'),
    actorOrganisationId: value('actorOrganisationId'),
    action: value('action'),
    from: /^\d{4}-\d{2}-\d{2}$/.test(value('from')) ? value('from') : '',
    to: /^\d{4}-\d{2}-\d{2}$/.test(value('to')) ? value('to') : '',
  };
}

export function paramsFromSearch(search: AuditSearch): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of SEARCH_KEYS) {
    const value = search[key].trim();
    if (value) params.set(key, value);
  }
  return params;
}

/** The offset of Europe/Warsaw on a day, as `+01:00` or `+02:00`. */
function warsawOffset(day: string): string {
  const noon = new Date(`${day}T12:00:00Z`);
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Warsaw', timeZoneName: 'longOffset' }).formatToParts(noon).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+01:00';
  const match = /GMT([+-]\d{2}:\d{2})/.exec(name);
  return match?.[1] ?? '+00:00';
}

function nextDay(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** Midnight at the start of a Warsaw day, as an instant. */
export function warsawMidnight(day: string): string {
  return new Date(`${day}T00:00:00${warsawOffset(day)}`).toISOString();
}

export interface AuditEventFilterVariables {
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  actorOrganisationId?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** The API's filter: only what is set; the end date is inclusive for the reader, exclusive for the API. */
export function filterOf(search: AuditSearch): AuditEventFilterVariables {
  const filter: AuditEventFilterVariables = {};
  if (search.entityType) filter.entityType = search.entityType;
  if (search.entityId) filter.entityId = search.entityId;
  if (search.actorUserId) filter.actorUserId = search.actorUserId;
  if (search.actorOrganisationId) filter.actorOrganisationId = search.actorOrganisationId;
  if (search.action) filter.action = search.action;
  if (search.from) filter.from = warsawMidnight(search.from);
  if (search.to) filter.to = warsawMidnight(nextDay(search.to));
  return filter;
}

/** A consultation log: the readings of one stakeholder's personal data. */
export function isConsultationLog(search: AuditSearch): boolean {
  return search.action === CONSULTATION_ACTION && search.entityId !== '';
}

export function consultationSearch(stakeholderId: string): AuditSearch {
  return { entityType: 'Stakeholder', entityId: stakeholderId, actorUserId: '', actorOrganisationId: '', action: CONSULTATION_ACTION, from: '', to: '' };
}
