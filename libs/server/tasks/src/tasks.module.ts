import { Module } from '@nestjs/common';
import { ActionsService } from './actions.service';
import { CapacityGuard } from './capacity-guard';
import { RemindersService } from './reminders.service';
import { TaskRemindersHandler } from './reminders.handler';
import { ActionsResolver, CaseTasksResolver, TasksResolver, WorkloadResolver } from './tasks.resolver';
import { TaskReadsService } from './task-reads.service';
import { TasksService } from './tasks.service';
import { WorkloadService } from './workload.service';

const services = [TaskReadsService, TasksService, CapacityGuard, ActionsService, WorkloadService, RemindersService];

/** Actions, tasks between organisations and the workload guard: the GraphQL side, for the API. */
@Module({
  providers: [...services, TasksResolver, ActionsResolver, CaseTasksResolver, WorkloadResolver],
  exports: services,
})
export class TasksModule {}

/** The task jobs, for the worker: reminders. */
@Module({
  providers: [RemindersService, TaskRemindersHandler],
  exports: [RemindersService],
})
export class TasksJobsModule {}
