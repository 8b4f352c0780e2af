import { registerEnumType } from '@nestjs/graphql';
import { AgreementStatus, DataCategory, OrganisationKind, Role } from '@cg/shared/domain';

registerEnumType(Role, { name: 'Role' });
registerEnumType(OrganisationKind, { name: 'OrganisationKind' });
registerEnumType(AgreementStatus, { name: 'AgreementStatus' });
registerEnumType(DataCategory, { name: 'DataCategory' });

export enum LocaleCode {
  pl = 'pl',
  en = 'en',
}
registerEnumType(LocaleCode, { name: 'Locale' });
