import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CasePhase, CaseType, Escalation } from '@cg/shared/domain';
import { GeoPolygonModel } from '@cg/server/core';

/** How a hotspot grid splits time: one period for the whole range, or calendar months, quarters, years (Warsaw time). */
export enum HotspotPeriod {
  ALL = 'ALL',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}
registerEnumType(HotspotPeriod, { name: 'HotspotPeriod' });

/** A case on the map: what its marker and popup show (the header every reader of the case may see). */
@ObjectType()
export class CaseMapPoint {
  @Field(() => ID)
  id: string;

  @Field()
  reference: string;

  @Field()
  title: string;

  @Field(() => CaseType)
  type: CaseType;

  @Field(() => CasePhase)
  phase: CasePhase;

  @Field(() => Escalation)
  escalation: Escalation;

  @Field()
  district: string;

  @Field(() => Float)
  latitude: number;

  @Field(() => Float)
  longitude: number;

  @Field(() => GeoPolygonModel, { nullable: true })
  polygon: GeoPolygonModel | null;
}

@ObjectType()
export class CaseMap {
  @Field(() => [CaseMapPoint], { description: 'The located cases you may read that match, at most `limit` of them' })
  points: CaseMapPoint[];

  @Field(() => Int, { description: 'How many located cases match (within the bounds, when given)' })
  located: number;

  @Field(() => Int, { description: 'How many matching cases have no point, so are not on the map' })
  unlocated: number;

  @Field({ description: 'More cases match than were returned: narrow the view or the filter' })
  truncated: boolean;
}

/** One cell of the grid in one period, with what happened there. */
@ObjectType()
export class HotspotCell {
  @Field(() => Float)
  south: number;

  @Field(() => Float)
  west: number;

  @Field(() => Float)
  north: number;

  @Field(() => Float)
  east: number;

  @Field(() => String, { nullable: true, description: 'YYYY-MM, YYYY-"Q"Q or YYYY by `period`; null for ALL' })
  period: string | null;

  @Field(() => Int, { nullable: true, description: 'Cases opened there in the period; null when suppressed' })
  cases: number | null;

  @Field(() => Int, { nullable: true, description: 'INCIDENT updates of cases there, posted in the period; null when suppressed' })
  incidents: number | null;

  @Field({ description: 'Fewer than `suppressedBelow` cases were opened there, or its incidents belong to fewer: its counts are withheld (analysts)' })
  suppressed: boolean;
}

@ObjectType()
export class CaseHotspots {
  @Field(() => Float, { description: 'The side of a cell, in degrees' })
  cellSize: number;

  @Field(() => Int, { nullable: true, description: 'Cells of fewer cases than this are suppressed (analysts: every case is counted); null: nothing is suppressed, you count only the cases you may read' })
  suppressedBelow: number | null;

  @Field(() => [HotspotCell], { description: 'The cells with something to count, by period then position' })
  cells: HotspotCell[];

  @Field({ description: 'More cells than a response holds: narrow the view or the period' })
  truncated: boolean;
}

@ObjectType()
export class MapSettings {
  @Field(() => String, { nullable: true, description: 'The tile server (a {z}/{x}/{y} template); null: none, draw on a plain background' })
  tileUrl: string | null;

  @Field()
  tileAttribution: string;
}
