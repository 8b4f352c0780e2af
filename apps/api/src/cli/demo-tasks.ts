import { ActionKind, CasePriority, TaskStatus } from '@cg/shared/domain';

/**
 * Actions and tasks on the demo cases, across agencies: a request accepted by another organisation, one
 * declined with a reason, one awaiting an answer, an overdue task, a capacity override, and a
 * neighbourhood officer over capacity (so the workload view has something to say).
 */
export interface DemoAction {
  key: string;
  caseIndex: number;
  kind: ActionKind;
  title: string;
  lead: string;
  startsInDays: number;
  lastsDays: number;
}

export interface DemoTask {
  caseIndex: number;
  action?: string;
  title: string;
  organisation: string;
  assignee?: string;
  requestedBy: string;
  dueInDays: number;
  effort: number;
  priority: CasePriority;
  status: TaskStatus;
  declineReason?: string;
  overrideReason?: string;
  blockReason?: string;
  createdDaysAgo: number;
  answeredAfterHours?: number;
}

export const DEMO_ACTIONS: DemoAction[] = [
  { key: 'debate', caseIndex: 0, kind: ActionKind.COMMUNITY_MEETING, title: 'Debata społeczna i spacer diagnostyczny', lead: 'KPPLEG', startsInDays: -45, lastsDays: 10 },
  { key: 'light', caseIndex: 0, kind: ActionKind.ENVIRONMENTAL_DESIGN, title: 'Oświetlenie i ławki przy garażach', lead: 'LSM', startsInDays: -10, lastsDays: 30 },
  { key: 'sport', caseIndex: 0, kind: ActionKind.PREVENTION, title: 'Piątkowe zajęcia sportowe dla młodzieży', lead: 'SSPIA', startsInDays: -5, lastsDays: 90 },
  { key: 'patrol', caseIndex: 0, kind: ActionKind.PATROL, title: 'Patrole piesze w piątki i soboty', lead: 'SMLEG', startsInDays: -12, lastsDays: 80 },
  { key: 'mediation', caseIndex: 1, kind: ActionKind.MEDIATION, title: 'Mediacja sąsiedzka', lead: 'FPOR', startsInDays: 2, lastsDays: 45 },
  { key: 'comms', caseIndex: 2, kind: ActionKind.COMMUNICATION, title: 'Cotygodniowa informacja dla mieszkańców', lead: 'KPPLEG', startsInDays: -60, lastsDays: 70 },
  { key: 'survey', caseIndex: 2, kind: ActionKind.OTHER, title: 'Sondaż zaufania przed i po działaniach', lead: 'UMLEG', startsInDays: -50, lastsDays: 60 },
  { key: 'plan', caseIndex: 3, kind: ActionKind.PATROL, title: 'Obchody wieczorne skweru', lead: 'KPJAB', startsInDays: 0, lastsDays: 90 },
];

const OFFICER = 'a.wisniewska@kpp-legionowo.test';
const COORDINATOR = 'k.nowak@kpp-legionowo.test';

export const DEMO_TASKS: DemoTask[] = [
  // The neighbourhood officer: 6 + 5 + 4 + 3 = 18 points due within 14 days against a capacity of 16.
  { caseIndex: 0, action: 'debate', title: 'Rozmowy z liderami grupy młodzieży', organisation: 'KPPLEG', assignee: OFFICER, requestedBy: COORDINATOR, dueInDays: 4, effort: 6, priority: CasePriority.HIGH, status: TaskStatus.IN_PROGRESS, createdDaysAgo: 14 },
  { caseIndex: 0, title: 'Dyżur w klubie seniora (informacja zwrotna o zgłoszeniach)', organisation: 'KPPLEG', assignee: OFFICER, requestedBy: COORDINATOR, dueInDays: 6, effort: 5, priority: CasePriority.MEDIUM, status: TaskStatus.ACCEPTED, createdDaysAgo: 7 },
  { caseIndex: 1, title: 'Notatka z historii interwencji dla mediatora', organisation: 'KPPLEG', assignee: OFFICER, requestedBy: COORDINATOR, dueInDays: 3, effort: 4, priority: CasePriority.MEDIUM, status: TaskStatus.ACCEPTED, createdDaysAgo: 6 },
  { caseIndex: 2, title: 'Lekcja wychowawcza w szkole (w cywilu)', organisation: 'KPPLEG', assignee: OFFICER, requestedBy: COORDINATOR, dueInDays: 9, effort: 3, priority: CasePriority.HIGH, status: TaskStatus.ACCEPTED, createdDaysAgo: 3, overrideReason: 'Jedyna dzielnicowa, którą młodzież z Osiedla Młodych zna i której ufa' },
  // Requests across agencies.
  { caseIndex: 0, action: 'light', title: 'Montaż dwóch lamp LED przy garażach', organisation: 'LSM', assignee: 'r.kowalczyk@lsm.test', requestedBy: COORDINATOR, dueInDays: 10, effort: 5, priority: CasePriority.HIGH, status: TaskStatus.ACCEPTED, createdDaysAgo: 9, answeredAfterHours: 20 },
  { caseIndex: 0, action: 'sport', title: 'Zorganizować piątkowe zajęcia na boisku SP 3', organisation: 'SSPIA', assignee: 'b.mazur@piaski-sasiedzi.test', requestedBy: COORDINATOR, dueInDays: 12, effort: 4, priority: CasePriority.MEDIUM, status: TaskStatus.ACCEPTED, createdDaysAgo: 8, answeredAfterHours: 30 },
  { caseIndex: 0, action: 'patrol', title: 'Patrole piesze SM w piątki 19–23', organisation: 'SMLEG', assignee: 't.lewandowski@sm-legionowo.test', requestedBy: COORDINATOR, dueInDays: 20, effort: 6, priority: CasePriority.MEDIUM, status: TaskStatus.IN_PROGRESS, createdDaysAgo: 12, answeredAfterHours: 4 },
  { caseIndex: 0, title: 'Wsparcie rodziny z bloku 44 (asystent rodziny)', organisation: 'MOPS', requestedBy: COORDINATOR, dueInDays: 7, effort: 3, priority: CasePriority.MEDIUM, status: TaskStatus.DECLINED, declineReason: 'Rodzina jest już pod opieką ośrodka w Jabłonnie; przekazaliśmy kontakt do tamtejszego asystenta.', createdDaysAgo: 10, answeredAfterHours: 50 },
  { caseIndex: 1, action: 'mediation', title: 'Spotkania przedmediacyjne z obiema rodzinami', organisation: 'FPOR', assignee: 'd.krawczyk@porozumienie.test', requestedBy: COORDINATOR, dueInDays: 8, effort: 4, priority: CasePriority.HIGH, status: TaskStatus.PROPOSED, createdDaysAgo: 2 },
  { caseIndex: 1, title: 'Rozpoznanie sytuacji rodziny B.', organisation: 'MOPS', assignee: 'j.wojcik@mops-legionowo.test', requestedBy: COORDINATOR, dueInDays: 5, effort: 3, priority: CasePriority.MEDIUM, status: TaskStatus.BLOCKED, blockReason: 'Rodzina nie otwiera; czekamy na termin z kuratorem', createdDaysAgo: 9, answeredAfterHours: 6 },
  { caseIndex: 2, action: 'comms', title: 'Cotygodniowa informacja na stronie miasta', organisation: 'UMLEG', assignee: 'm.kaminska@legionowo-um.test', requestedBy: COORDINATOR, dueInDays: -2, effort: 2, priority: CasePriority.URGENT, status: TaskStatus.IN_PROGRESS, createdDaysAgo: 20, answeredAfterHours: 2 },
  { caseIndex: 2, action: 'survey', title: 'Raport z sondażu zaufania (pomiar końcowy)', organisation: 'UMLEG', assignee: 'm.kaminska@legionowo-um.test', requestedBy: 'm.kaminska@legionowo-um.test', dueInDays: 1, effort: 3, priority: CasePriority.HIGH, status: TaskStatus.ACCEPTED, createdDaysAgo: 30 },
  { caseIndex: 2, title: 'Relacja z otwartego spotkania', organisation: 'KPPLEG', assignee: OFFICER, requestedBy: COORDINATOR, dueInDays: -30, effort: 2, priority: CasePriority.MEDIUM, status: TaskStatus.DONE, createdDaysAgo: 58 },
  { caseIndex: 3, action: 'plan', title: 'Trzy obchody wieczorne tygodniowo', organisation: 'KPJAB', assignee: 'p.zielinski@jablonna-policja.test', requestedBy: COORDINATOR, dueInDays: 14, effort: 6, priority: CasePriority.MEDIUM, status: TaskStatus.ACCEPTED, createdDaysAgo: 2, answeredAfterHours: 12 },
  { caseIndex: 3, title: 'Rozmowa ze sprzedawcą o sprzedaży nocnej', organisation: 'KPJAB', requestedBy: 'p.zielinski@jablonna-policja.test', dueInDays: 6, effort: 1, priority: CasePriority.LOW, status: TaskStatus.PROPOSED, createdDaysAgo: 1 },
];
