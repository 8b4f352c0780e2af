// The audit trail for auditors: every event with its changes, request id and address; a stakeholder's consultation log.
export { AuditPage } from './AuditPage';
