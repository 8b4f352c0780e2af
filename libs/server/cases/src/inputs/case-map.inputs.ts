import { ArgsType, Field, Float, InputType } from '@nestjs/graphql';
import { IsLatitude, IsLongitude } from 'class-validator';
import { HOTSPOT_GRID } from '@cg/shared/domain';
import { DayField, EnumField, FiniteNumberField, IntField, NestedField } from '@cg/server/core';
import { HotspotPeriod } from '../case-map.model';
import { CaseFilter } from './case-list.inputs';

/** The part of the map in view, in WGS84 degrees; south below north, west below east (checked by the service). */
@InputType()
export class MapBoundsInput {
  @Field(() => Float)
  @IsLatitude()
  south: number;

  @Field(() => Float)
  @IsLongitude()
  west: number;

  @Field(() => Float)
  @IsLatitude()
  north: number;

  @Field(() => Float)
  @IsLongitude()
  east: number;
}

@ArgsType()
export class CaseMapArgs {
  @NestedField(() => CaseFilter, { optional: true, description: 'The filters of the case list' })
  filter?: CaseFilter;

  @NestedField(() => MapBoundsInput, { optional: true, description: 'Only the cases in view' })
  bounds?: MapBoundsInput;

  @IntField({ min: 1, max: 2000, defaultValue: 1000, description: 'At most this many points' })
  limit: number;
}

@InputType()
export class CaseHotspotsInput {
  @NestedField(() => MapBoundsInput)
  bounds: MapBoundsInput;

  @IntField({ optional: true, min: 0, max: 19, description: "The map's zoom level: chooses the cell size when `cellSize` is not given" })
  zoom?: number;

  @FiniteNumberField({ optional: true, description: `The side of a cell in degrees, ${HOTSPOT_GRID.minCellDegrees}–${HOTSPOT_GRID.maxCellDegrees}` })
  cellSize?: number;

  @DayField({ optional: true, description: 'From this day (YYYY-MM-DD, Warsaw time), inclusive' })
  from?: string;

  @DayField({ optional: true, description: 'To this day (YYYY-MM-DD, Warsaw time), inclusive' })
  to?: string;

  @EnumField(HotspotPeriod, { defaultValue: HotspotPeriod.ALL })
  period: HotspotPeriod;

  @NestedField(() => CaseFilter, { optional: true, description: 'The filters of the case list' })
  filter?: CaseFilter;
}
