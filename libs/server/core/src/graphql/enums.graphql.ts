import { registerEnumType } from '@nestjs/graphql';
import { ActionKind, AgreementStatus, DataCategory, OrganisationKind, Role } from '@cg/shared/domain';

registerEnumType(Role, { name: 'Role' });
registerEnumType(OrganisationKind, { name: 'OrganisationKind' });
registerEnumType(AgreementStatus, { name: 'AgreementStatus' });
registerEnumType(DataCategory, { name: 'DataCategory' });
// Here rather than in tasks: case-type templates (cases) name action kinds too.
registerEnumType(ActionKind, { name: 'ActionKind' });

export enum LocaleCode {
  pl = 'pl',
  en = 'en',
}
registerEnumType(LocaleCode, { name: 'Locale' });
