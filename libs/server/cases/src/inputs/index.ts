export * from './case.inputs';
export * from './case-list.inputs';
export * from './participant.inputs';
export * from './case-update.inputs';
export * from './partner-input.inputs';
export * from './stakeholder.inputs';
export * from './trust-risk.inputs';
export * from './case-link.inputs';
