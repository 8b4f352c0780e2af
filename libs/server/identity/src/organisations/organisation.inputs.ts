import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import { OrganisationKind } from '@cg/shared/domain';
import { BooleanField, EnumField, IdField, NestedField, PageArgs, TextField, VersionedInput } from '@cg/server/core';

@InputType()
export class CreateOrganisationInput {
  @TextField({ min: 2, max: 200 })
  name: string;

  @Field({ description: '2–12 capital letters or digits' })
  @Matches(/^[A-Z0-9]{2,12}$/)
  code: string;

  @EnumField(OrganisationKind)
  kind: OrganisationKind;

  @IdField({ optional: true })
  parentId?: string;

  @TextField({ optional: true, max: 300 })
  area?: string;
}

@InputType()
export class DeactivateOrganisationInput extends VersionedInput {}

@InputType()
export class OrganisationFilter {
  @EnumField(OrganisationKind, { optional: true })
  kind?: OrganisationKind;

  @BooleanField({ optional: true })
  active?: boolean;

  @IdField({ optional: true })
  parentId?: string;
}

@ArgsType()
export class OrganisationsArgs extends PageArgs {
  @NestedField(() => OrganisationFilter, { optional: true })
  filter?: OrganisationFilter;
}
