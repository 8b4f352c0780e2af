// Message files, one per feature (namespace), the same keys in Polish and English (i18n/keys.spec.ts holds it).
import plAdmin from './pl/admin.json';
import plAudit from './pl/audit.json';
import plAuth from './pl/auth.json';
import plCaseLinks from './pl/caseLinks.json';
import plCasePage from './pl/casePage.json';
import plCases from './pl/cases.json';
import plCaseWork from './pl/caseWork.json';
import plCommon from './pl/common.json';
import plErrors from './pl/errors.json';
import plHome from './pl/home.json';
import plIndicators from './pl/indicators.json';
import plMap from './pl/map.json';
import plNotifications from './pl/notifications.json';
import plProfile from './pl/profile.json';
import plReport from './pl/report.json';
import plTasks from './pl/tasks.json';
import plWorkload from './pl/workload.json';
import plTemplates from './pl/templates.json';
import enAdmin from './en/admin.json';
import enAudit from './en/audit.json';
import enAuth from './en/auth.json';
import enCaseLinks from './en/caseLinks.json';
import enCasePage from './en/casePage.json';
import enCases from './en/cases.json';
import enCaseWork from './en/caseWork.json';
import enCommon from './en/common.json';
import enErrors from './en/errors.json';
import enHome from './en/home.json';
import enIndicators from './en/indicators.json';
import enMap from './en/map.json';
import enNotifications from './en/notifications.json';
import enProfile from './en/profile.json';
import enReport from './en/report.json';
import enTasks from './en/tasks.json';
import enWorkload from './en/workload.json';
import enTemplates from './en/templates.json';

export const resources = {
  pl: { common: plCommon, auth: plAuth, errors: plErrors, home: plHome, cases: plCases, casePage: plCasePage, caseLinks: plCaseLinks, caseWork: plCaseWork, notifications: plNotifications, tasks: plTasks, workload: plWorkload, indicators: plIndicators, map: plMap, audit: plAudit, report: plReport, admin: plAdmin, profile: plProfile, templates: plTemplates },
  en: { common: enCommon, auth: enAuth, errors: enErrors, home: enHome, cases: enCases, casePage: enCasePage, caseLinks: enCaseLinks, caseWork: enCaseWork, notifications: enNotifications, tasks: enTasks, workload: enWorkload, indicators: enIndicators, map: enMap, audit: enAudit, report: enReport, admin: enAdmin, profile: enProfile, templates: enTemplates },
} as const;
