export * from './tasks.module';
export * from './tasks.service';
export * from './reminders.service';
