/**
 * The typed job registry: job name → payload. Payloads carry ids only, never personal data
 * (BullMQ keeps them as clear text).
 */
export interface JobPayloads {
  'identity.purge-expired-refresh-tokens': { requestedAt: string };
  /** Due-soon and overdue reminders for a day (YYYY-MM-DD; today when omitted). */
  'tasks.reminders': { day?: string };
  /** Measurement-due events for indicators whose cadence asks for one, once per indicator and period. */
  'indicators.measurement-due': { day?: string };
}

export type JobName = keyof JobPayloads;

export const QUEUES = {
  maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOB_QUEUE: Record<JobName, QueueName> = {
  'identity.purge-expired-refresh-tokens': QUEUES.maintenance,
  'tasks.reminders': QUEUES.maintenance,
  'indicators.measurement-due': QUEUES.maintenance,
};

export const JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];
