import { InputType } from '@nestjs/graphql';
import { IdField, VersionField } from './input-fields';

/**
 * The base of every input that changes a versioned row: the row's id and the version the caller read. The service
 * writes only if the row still has that version; a stale one is CONFLICT, never a lost update (DESIGN.md §5).
 *
 * Abstract in the schema: each subclass is its own input type with `id: ID!` and `version: Int!` among its fields.
 */
@InputType({ isAbstract: true })
export abstract class VersionedInput {
  @IdField()
  id: string;

  @VersionField()
  version: number;
}
