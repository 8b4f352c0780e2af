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
