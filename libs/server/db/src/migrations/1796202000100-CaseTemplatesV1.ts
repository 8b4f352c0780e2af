import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data migration: version 1 of the template of every case type, in Polish and English. Later edits are new versions
 * (saveCaseTemplate), never edits of these rows. Days count from the day a case is opened; a task without an
 * organisation kind is for the lead organisation. PRIORITY_PLAN follows the neighbourhood officer's priority plan
 * (order no. 5 of the Chief of Police of 2016): a diagnosed threat, a goal, actions with deadlines, partners, and an
 * evaluation after six months.
 */
type A = [key: string, kind: string, titlePl: string, titleEn: string, descriptionPl: string, descriptionEn: string, startDay: number, endDay: number];
type T = [key: string, titlePl: string, titleEn: string, descriptionPl: string, descriptionEn: string, dueInDays: number, effortPoints: number, organisationKind: string | null, actionKey: string | null];
type I = [code: string, baselineValue: number, targetValue: number, targetInDays: number];

const TEMPLATES: Record<string, { summaryPl: string; summaryEn: string; actions: A[]; tasks: T[]; indicators: I[] }> = {
  PRIORITY_PLAN: {
    summaryPl: 'Plan działania priorytetowego dzielnicowego (zarządzenie nr 5 Komendanta Głównego Policji z 2016 r.) na sześć miesięcy: diagnoza zagrożenia, cel, działania z terminami, partnerzy i ocena realizacji.',
    summaryEn: 'The neighbourhood officer’s six-month priority plan (order no. 5 of the Chief of Police of 2016): diagnosis of the threat, a goal, actions with deadlines, partners and an evaluation.',
    actions: [
      ['diagnosis', 'OTHER', 'Diagnoza zagrożenia', 'Diagnosis of the threat', 'Rozpoznanie zagrożenia w rejonie służbowym: zgłoszenia mieszkańców, Krajowa Mapa Zagrożeń Bezpieczeństwa, interwencje, rozmowy z partnerami; co, gdzie, kiedy i kto.', 'Establish the threat in the beat: residents’ reports, the national threat map, interventions, talks with partners; what, where, when and who.', 0, 14],
      ['partners', 'COMMUNITY_MEETING', 'Uzgodnienie działań z partnerami', 'Agree the actions with partners', 'Spotkanie z partnerami (samorząd, straż miejska, zarządca, szkoła, organizacje) i mieszkańcami: cel planu, podział zadań, terminy.', 'A meeting with partners (municipality, municipal guard, housing manager, school, NGOs) and residents: the plan’s goal, who does what, by when.', 14, 30],
      ['patrols', 'PATROL', 'Wzmożone obchody w miejscu zagrożenia', 'More foot patrols where the threat is', 'Obchody dzielnicowego i wspólne patrole w miejscach i godzinach wskazanych w diagnozie.', 'The officer’s rounds and joint patrols at the places and hours the diagnosis points to.', 14, 168],
      ['prevention', 'PREVENTION', 'Działania profilaktyczne z partnerami', 'Prevention with partners', 'Działania profilaktyczne i informacyjne prowadzone z partnerami dla mieszkańców rejonu.', 'Prevention and information work with partners for the area’s residents.', 30, 168],
      ['evaluation', 'OTHER', 'Ocena realizacji planu', 'Evaluation of the plan', 'Ocena, czy cel został osiągnięty: porównanie wskaźników z diagnozą, wnioski i decyzja o zakończeniu lub kontynuacji.', 'Was the goal met? Indicators compared with the diagnosis, lessons, and the decision to end or continue.', 168, 182],
    ],
    tasks: [
      ['threat-analysis', 'Analiza zgłoszeń i interwencji z ostatnich 12 miesięcy', 'Analyse reports and interventions of the last 12 months', 'Zgłoszenia na Krajowej Mapie Zagrożeń Bezpieczeństwa, interwencje i skargi mieszkańców dotyczące miejsca.', 'Threat-map reports, interventions and residents’ complaints about the place.', 10, 2, null, 'diagnosis'],
      ['diagnosis-goal', 'Opisanie zagrożenia i celu planu', 'Write down the threat and the plan’s goal', 'Diagnoza (co, gdzie, kiedy, kto, źródła) i mierzalny cel na sześć miesięcy, do zatwierdzenia przez kierownika rewiru.', 'The diagnosis (what, where, when, who, sources) and a measurable six-month goal, for the team leader’s approval.', 14, 3, null, 'diagnosis'],
      ['partner-roles', 'Wskazanie partnerów i ich zadań', 'Name the partners and their tasks', 'Kto z partnerów co robi i do kiedy; zaproszenie partnerów do sprawy.', 'Which partner does what by when; bring the partners into the case.', 21, 2, null, 'partners'],
      ['guard-patrols', 'Wspólne patrole ze strażą miejską', 'Joint patrols with the municipal guard', 'Patrole w miejscach i godzinach z diagnozy, co najmniej raz w tygodniu.', 'Patrols at the places and hours of the diagnosis, at least once a week.', 60, 3, 'MUNICIPAL_GUARD', 'patrols'],
      ['interim-report', 'Informacja o realizacji planu po trzech miesiącach', 'Progress report after three months', 'Krótka informacja dla kierownika rewiru: co zrobiono, co się zmieniło, co poprawić.', 'A short note for the team leader: what was done, what changed, what to adjust.', 91, 2, null, null],
      ['evaluation', 'Ocena skuteczności planu i sprawozdanie końcowe', 'Evaluate the plan and write the final report', 'Porównanie wskaźników z diagnozą, opinia partnerów i mieszkańców, wniosek o zakończenie lub kontynuację planu.', 'Indicators compared with the diagnosis, partners’ and residents’ views, the proposal to end or continue the plan.', 182, 3, null, 'evaluation'],
    ],
    indicators: [['THREAT_MAP_REPORTS', 10, 5, 182], ['POLICE_INTERVENTIONS', 8, 4, 182], ['SAFE_AFTER_DARK', 50, 65, 182]],
  },
  SOCIAL_TENSION: {
    summaryPl: 'Napięcia społeczne na osiedlu: wysłuchać mieszkańców, zmapować interesariuszy, komunikować się regularnie i zmieniać otoczenie wspólnie z partnerami.',
    summaryEn: 'Social tension in an estate: listen to residents, map the stakeholders, communicate regularly and change the surroundings together with partners.',
    actions: [
      ['listening-meeting', 'COMMUNITY_MEETING', 'Otwarte spotkanie z mieszkańcami', 'Open meeting with residents', 'Wysłuchanie mieszkańców wszystkich stron, bez rozstrzygania; protokół z ustaleniami.', 'Hear residents of every side without taking sides; minutes with what was agreed.', 0, 30],
      ['communication', 'COMMUNICATION', 'Regularna informacja dla mieszkańców', 'Regular information for residents', 'Co miesiąc krótka informacja o tym, co zrobiono i co dalej (tablica ogłoszeń, strona zarządcy).', 'Every month a short note on what was done and what comes next (notice board, the housing manager’s site).', 0, 90],
      ['safety-walk', 'ENVIRONMENTAL_DESIGN', 'Spacer badawczy po osiedlu', 'Safety walk around the estate', 'Wspólny obchód z mieszkańcami i zarządcą: oświetlenie, zieleń, miejsca spotkań.', 'A walk with residents and the housing manager: lighting, greenery, meeting places.', 30, 120],
    ],
    tasks: [
      ['stakeholders', 'Mapa interesariuszy i ich interesów', 'Map the stakeholders and their interests', 'Kto jest stroną, kto ma wpływ, kto może pomóc.', 'Who is a party, who has influence, who can help.', 14, 2, null, null],
      ['housing-talk', 'Rozmowa z zarządcą o zasadach porządku domowego', 'Talk with the housing manager about house rules', 'Zasady korzystania z części wspólnych i sposób reagowania na skargi.', 'Rules for the common areas and how complaints are answered.', 21, 2, 'HOUSING', 'safety-walk'],
      ['outreach', 'Rozmowy animatorów z młodzieżą i mieszkańcami', 'Outreach to young people and residents', 'Animatorzy organizacji pozarządowej docierają do grup, które nie przychodzą na spotkania.', 'The NGO’s community workers reach groups that do not come to meetings.', 30, 3, 'NGO', 'listening-meeting'],
      ['families', 'Rozpoznanie potrzeb rodzin w trudnej sytuacji', 'Assess the needs of families in difficulty', 'Ośrodek pomocy społecznej ocenia, czy potrzebne jest wsparcie.', 'Social services assess whether support is needed.', 30, 2, 'SOCIAL_SERVICES', null],
      ['review', 'Przegląd po trzech miesiącach', 'Review after three months', 'Czy napięcia maleją? Wskaźniki, opinie partnerów, decyzja o dalszych działaniach.', 'Is the tension easing? Indicators, partners’ views, what to do next.', 90, 2, null, null],
    ],
    indicators: [['SAFE_AFTER_DARK', 50, 65, 180], ['POLICE_CONFIDENCE', 40, 55, 180], ['ACTIVE_PARTNERS', 1, 4, 90]],
  },
  LOCAL_CONFLICT: {
    summaryPl: 'Konflikt lokalny lub sąsiedzki: wysłuchać obu stron, zaproponować mediację, ustalić zasady i sprawdzić, czy porozumienie działa.',
    summaryEn: 'A local or neighbour conflict: hear both sides, offer mediation, agree rules and check that the agreement holds.',
    actions: [
      ['mediation', 'MEDIATION', 'Mediacja między stronami', 'Mediation between the parties', 'Mediacja prowadzona przez bezstronnego mediatora, zakończona spisanym porozumieniem.', 'Mediation by an impartial mediator, ending in a written agreement.', 14, 90],
      ['referral', 'REFERRAL', 'Skierowanie do pomocy specjalistycznej', 'Referral to specialist help', 'Gdy konflikt ma tło uzależnień, przemocy lub problemów psychicznych: skierowanie do właściwej instytucji.', 'When addiction, violence or mental health is behind the conflict: referral to the right service.', 0, 60],
    ],
    tasks: [
      ['hear-sides', 'Rozmowy z każdą ze stron osobno', 'Talk with each party separately', 'Co się dzieje, od kiedy, czego każda strona oczekuje.', 'What is happening, since when, what each party wants.', 7, 2, null, null],
      ['mediator', 'Wyznaczenie mediatora i terminu mediacji', 'Appoint a mediator and set a date', 'Organizacja prowadząca mediacje wyznacza mediatora i uzgadnia termin ze stronami.', 'The mediation organisation appoints a mediator and agrees a date with the parties.', 21, 3, 'NGO', 'mediation'],
      ['house-rules', 'Przypomnienie zasad przez zarządcę', 'The housing manager restates the rules', 'Pismo zarządcy do stron o zasadach porządku domowego.', 'A letter from the housing manager to the parties about the house rules.', 30, 1, 'HOUSING', null],
      ['follow-up', 'Wizyta kontrolna po porozumieniu', 'Follow-up visit after the agreement', 'Czy porozumienie jest przestrzegane; w razie potrzeby kolejna mediacja.', 'Is the agreement kept? If not, another mediation.', 60, 1, null, 'mediation'],
    ],
    indicators: [['REPEAT_INCIDENTS', 4, 1, 90], ['POLICE_INTERVENTIONS', 3, 0, 90]],
  },
  CRISIS: {
    summaryPl: 'Sytuacja kryzysowa, po której trzeba odbudować zaufanie: szybka i wspólna informacja, wsparcie dla poszkodowanych, otwarte spotkanie i omówienie po zakończeniu.',
    summaryEn: 'A crisis after which trust must be rebuilt: quick joint information, support for those affected, an open meeting and a debrief afterwards.',
    actions: [
      ['statement', 'COMMUNICATION', 'Wspólny komunikat dla mieszkańców', 'Joint statement to residents', 'Jeden komunikat partnerów: co się stało, co robimy, gdzie szukać pomocy.', 'One statement from the partners: what happened, what we are doing, where to find help.', 0, 14],
      ['open-meeting', 'COMMUNITY_MEETING', 'Otwarte spotkanie z mieszkańcami', 'Open meeting with residents', 'Spotkanie z udziałem kierownictwa Policji i samorządu, z czasem na pytania.', 'A meeting with police and municipal leaders, with time for questions.', 3, 21],
      ['support', 'REFERRAL', 'Wsparcie dla poszkodowanych', 'Support for those affected', 'Pomoc psychologiczna, socjalna i prawna dla poszkodowanych i świadków.', 'Psychological, social and legal help for victims and witnesses.', 0, 90],
    ],
    tasks: [
      ['crisis-team', 'Zwołanie zespołu kryzysowego partnerów', 'Call the partners’ crisis team', 'Kto, co i kiedy komunikuje; jeden punkt kontaktowy.', 'Who says what and when; one point of contact.', 1, 2, null, 'statement'],
      ['municipal-statement', 'Komunikat samorządu i kanały informacji', 'The municipality’s statement and channels', 'Strona gminy, media społecznościowe, tablice ogłoszeń.', 'The municipal site, social media, notice boards.', 2, 2, 'MUNICIPALITY', 'statement'],
      ['victim-support', 'Kontakt z poszkodowanymi i ocena potrzeb', 'Reach those affected and assess their needs', 'Ośrodek pomocy społecznej kontaktuje się z poszkodowanymi w ciągu tygodnia.', 'Social services contact those affected within a week.', 7, 3, 'SOCIAL_SERVICES', 'support'],
      ['school-support', 'Wsparcie dla uczniów w szkole', 'Support for pupils at school', 'Pedagog i psycholog szkolny rozmawiają z uczniami i rodzicami.', 'The school counsellor and psychologist talk with pupils and parents.', 7, 2, 'SCHOOL', 'support'],
      ['debrief', 'Omówienie po kryzysie i wnioski', 'Debrief and lessons', 'Co zadziałało, co poprawić, czy zaufanie wraca.', 'What worked, what to improve, is trust coming back.', 45, 2, null, null],
    ],
    indicators: [['POLICE_CONFIDENCE', 35, 50, 180], ['WILLINGNESS_TO_REPORT', 50, 65, 180]],
  },
  PUBLIC_NUISANCE: {
    summaryPl: 'Uciążliwość w przestrzeni publicznej (hałas, picie alkoholu, zaśmiecanie): ustalić miejsca i godziny, kontrole, zmiany w otoczeniu i informacja dla mieszkańców.',
    summaryEn: 'A public nuisance (noise, drinking, litter): find the places and hours, checks, changes to the surroundings and information for residents.',
    actions: [
      ['checks', 'PATROL', 'Kontrole w miejscach i godzinach uciążliwości', 'Checks at the places and hours of the nuisance', 'Patrole Policji i straży miejskiej w godzinach wskazanych przez mieszkańców.', 'Police and municipal guard patrols at the hours residents name.', 0, 60],
      ['surroundings', 'ENVIRONMENTAL_DESIGN', 'Zmiany w otoczeniu', 'Changes to the surroundings', 'Oświetlenie, przycięcie zieleni, kosze na śmieci, monitoring: to, co utrudnia uciążliwe zachowania.', 'Lighting, trimmed greenery, bins, cameras: what makes the nuisance harder.', 14, 90],
      ['information', 'COMMUNICATION', 'Informacja dla mieszkańców', 'Information for residents', 'Jak zgłaszać uciążliwości i co zrobiono po zgłoszeniach.', 'How to report the nuisance and what was done after reports.', 0, 90],
    ],
    tasks: [
      ['hotspots', 'Ustalenie miejsc i godzin uciążliwości', 'Find the places and hours of the nuisance', 'Zgłoszenia, mapa zagrożeń, rozmowy z mieszkańcami i sklepami.', 'Reports, the threat map, talks with residents and shops.', 7, 2, null, null],
      ['guard-checks', 'Kontrole straży miejskiej', 'Municipal guard checks', 'Co najmniej dwie kontrole w tygodniu w ustalonych godzinach.', 'At least two checks a week at the agreed hours.', 30, 3, 'MUNICIPAL_GUARD', 'checks'],
      ['lighting', 'Oświetlenie i sprzątanie miejsca', 'Lighting and cleaning of the place', 'Zgłoszenie do wydziału gminy: oświetlenie, kosze, sprzątanie.', 'A request to the municipal department: lighting, bins, cleaning.', 45, 2, 'MUNICIPALITY', 'surroundings'],
      ['housing-manager', 'Zarządca: zabezpieczenie klatek i podwórza', 'Housing manager: secure stairwells and yard', 'Domofony, zamki, oświetlenie podwórza.', 'Entry phones, locks, yard lighting.', 30, 2, 'HOUSING', 'surroundings'],
      ['review', 'Przegląd po trzech miesiącach', 'Review after three months', 'Czy zgłoszeń jest mniej; decyzja o dalszych działaniach.', 'Are there fewer reports? What to do next.', 90, 1, null, null],
    ],
    indicators: [['THREAT_MAP_REPORTS', 12, 4, 120], ['POLICE_INTERVENTIONS', 10, 4, 120], ['SAFE_AFTER_DARK', 45, 60, 180]],
  },
};

/** The document of one template, in the shape of CaseTemplateDocument (libs/shared/domain/src/templates.ts). */
function document(t: (typeof TEMPLATES)[string]) {
  return {
    summaryPl: t.summaryPl,
    summaryEn: t.summaryEn,
    actions: t.actions.map(([key, kind, titlePl, titleEn, descriptionPl, descriptionEn, startDay, endDay]) => ({ key, kind, titlePl, titleEn, descriptionPl, descriptionEn, startDay, endDay })),
    tasks: t.tasks.map(([key, titlePl, titleEn, descriptionPl, descriptionEn, dueInDays, effortPoints, organisationKind, actionKey]) => ({ key, titlePl, titleEn, descriptionPl, descriptionEn, dueInDays, effortPoints, organisationKind, actionKey })),
    indicators: t.indicators.map(([code, baselineValue, targetValue, targetInDays]) => ({ code, baselineValue, targetValue, targetInDays })),
  };
}

export class CaseTemplatesV11796202000100 implements MigrationInterface {
  name = 'CaseTemplatesV11796202000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [caseType, template] of Object.entries(TEMPLATES)) {
      await queryRunner.query('INSERT INTO case_templates (case_type, version, items) VALUES ($1, 1, $2)', [caseType, JSON.stringify(document(template))]);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM case_templates WHERE version = 1 AND case_type = ANY($1)', [Object.keys(TEMPLATES)]);
  }
}
