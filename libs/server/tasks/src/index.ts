export * from './tasks.module';
export * from './tasks.service';
export * from './reminders.service';
export { todayInWarsaw } from './task-rows';
