import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { OrganisationKind } from '@cg/shared/domain';
import { ConnectionType } from '../pagination';
import './enums.graphql';

@ObjectType('Organisation')
export class OrganisationModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'Short code used in case references, e.g. LEG' })
  code: string;

  @Field(() => OrganisationKind)
  kind: OrganisationKind;

  @Field(() => ID, { nullable: true })
  parentId: string | null;

  @Field()
  area: string;

  @Field()
  active: boolean;

  @Field(() => Int)
  version: number;
}

export const OrganisationConnection = ConnectionType(OrganisationModel, 'Organisation');

/** The organisation columns a raw-SQL read selects with the `org_` prefix (org_id, org_name, …). */
export interface OrganisationColumns {
  org_id: string;
  org_name: string;
  org_code: string;
  org_kind: OrganisationKind;
  org_parent: string | null;
  org_area: string;
  org_active: boolean;
  org_version: number;
}

export function organisationFromRow(row: OrganisationColumns): OrganisationModel {
  return { id: row.org_id, name: row.org_name, code: row.org_code, kind: row.org_kind, parentId: row.org_parent, area: row.org_area, active: row.org_active, version: row.org_version };
}
