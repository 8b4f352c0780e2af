import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Role } from '@cg/shared/domain';
import { ConnectionType } from '@cg/server/core';
import { LocaleCode } from '@cg/server/core';

@ObjectType('User')
export class UserModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  organisationId: string;

  @Field()
  email: string;

  @Field()
  displayName: string;

  @Field(() => [Role])
  roles: Role[];

  @Field(() => LocaleCode)
  locale: LocaleCode;

  @Field(() => Int, { description: 'Task points per week, for the workload guard' })
  weeklyCapacity: number;

  @Field()
  active: boolean;

  @Field(() => Int)
  version: number;
}

export const UserConnection = ConnectionType(UserModel, 'User');
