// Tasks: my tasks, requests to my organisation, one task, a case's actions and tasks, and the workload guard's answer.
export { AssignTaskForm, type AssignableTask } from './AssignTaskForm';
export { CapacityExceeded } from './CapacityExceeded';
export { CaseTasksPage } from './CaseTasksPage';
export { CaseTasksPanel } from './CaseTasksPanel';
export { TaskPage } from './TaskPage';
export { TasksPage } from './TasksPage';
