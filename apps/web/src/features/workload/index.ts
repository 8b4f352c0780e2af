// Workload: the coordinator's view of the organisation's load against capacity, who is away, and reassignment.
export { WorkloadPage } from './WorkloadPage';
