import { Args, Query, Resolver } from '@nestjs/graphql';
import { AppConfig } from '@cg/server/config';
import { Authenticated, CurrentRequest, Policy } from '@cg/server/authz';
import type { RequestContext } from '@cg/server/core';
import { CaseHotspots, CaseMap, MapSettings } from './case-map.model';
import { CaseMapService } from './case-map.service';
import { CaseHotspotsInput, CaseMapArgs } from './inputs';

@Resolver()
export class CaseMapResolver {
  constructor(
    private readonly service: CaseMapService,
    private readonly config: AppConfig,
  ) {}

  @Query(() => CaseMap, { description: 'The located cases your organisation takes part in, with the filters of the case list.' })
  @Policy('read', 'Case')
  caseMap(@Args() args: CaseMapArgs, @CurrentRequest() request: RequestContext): Promise<CaseMap> {
    return this.service.points(request, args.filter, args.bounds, args.limit);
  }

  @Query(() => CaseHotspots, {
    description: 'Cases and incidents per grid cell and period: of the cases you may read, or (analysts) of every case with cells of few cases suppressed.',
  })
  @Policy('read', 'CaseHotspots')
  caseHotspots(@Args('input') input: CaseHotspotsInput, @CurrentRequest() request: RequestContext): Promise<CaseHotspots> {
    return this.service.hotspots(request, input);
  }

  @Query(() => MapSettings, { description: "The map's tile server (a setting of the deployment)." })
  @Authenticated()
  mapSettings(): MapSettings {
    return { tileUrl: this.config.map.tileUrl ?? null, tileAttribution: this.config.map.tileAttribution };
  }
}
