import { registerEnumType } from '@nestjs/graphql';
import {
  Attitude,
  CaseLinkKind,
  Level,
  ParticipantRole,
  PartnerInputKind,
  PartnerInputStatus,
  RiskStatus,
  TriangleRole,
  UpdateKind,
  Visibility,
} from '@cg/shared/domain';

registerEnumType(ParticipantRole, { name: 'ParticipantRole' });
registerEnumType(UpdateKind, { name: 'UpdateKind' });
registerEnumType(Visibility, { name: 'Visibility', description: 'PARTNERS: every participant; AGENCIES: public bodies only; LEAD: the lead organisation only' });
registerEnumType(PartnerInputKind, { name: 'PartnerInputKind' });
registerEnumType(PartnerInputStatus, { name: 'PartnerInputStatus' });
registerEnumType(TriangleRole, { name: 'TriangleRole', description: 'Role in the problem-analysis triangle' });
registerEnumType(Level, { name: 'Level' });
registerEnumType(Attitude, { name: 'Attitude' });
registerEnumType(RiskStatus, { name: 'RiskStatus' });

export enum CaseOrder {
  LAST_ACTIVITY = 'LAST_ACTIVITY',
  REVIEW_DATE = 'REVIEW_DATE',
  PRIORITY = 'PRIORITY',
}
registerEnumType(CaseOrder, { name: 'CaseOrder', description: 'LAST_ACTIVITY: newest first; REVIEW_DATE: soonest first; PRIORITY: most urgent first' });

export enum ReviewDecision {
  ACKNOWLEDGE = 'ACKNOWLEDGE',
  ACCEPT = 'ACCEPT',
  DECLINE = 'DECLINE',
}
registerEnumType(ReviewDecision, { name: 'ReviewDecision' });

registerEnumType(CaseLinkKind, {
  name: 'CaseLinkKind',
  description: 'RELATED, SAME_PLACE, SAME_PEOPLE (both ways alike); CONTINUATION_OF: the linking case continues the linked one',
});
