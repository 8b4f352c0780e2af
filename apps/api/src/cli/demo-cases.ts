import {
  Attitude,
  CasePhase,
  CasePriority,
  CaseType,
  Escalation,
  Level,
  ParticipantRole,
  PartnerInputKind,
  PartnerInputStatus,
  RiskStatus,
  TriangleRole,
  UpdateKind,
  Visibility,
} from '@cg/shared/domain';

/**
 * The seminar's four kinds of scenario (shared/seed), as cases of the Legionowo partnership, each in a
 * different SARA phase: an estate with high social tension, a long neighbour conflict needing mediation,
 * a crisis where communication and trust decided, and a neighbourhood officer's priority plan.
 */
export interface DemoCase {
  title: string;
  type: CaseType;
  phase: CasePhase;
  escalation: Escalation;
  priority: CasePriority;
  lead: string;
  coordinator: string;
  district: string;
  address: string;
  latitude: number;
  longitude: number;
  diagnosis: { what: string; where: string; when: string; who: string; sources: string };
  goal: string;
  reviewDate: string;
  partners: { org: string; role: ParticipantRole }[];
  stakeholders: { name: string; role: TriangleRole; interests: string; influence: Level; attitude: Attitude; contact: string; notes: string }[];
  risks: { title: string; description: string; likelihood: number; impact: number; mitigation: string; owner: string; status: RiskStatus }[];
  updates: { kind: UpdateKind; visibility: Visibility; author: string; body: string; daysAgo: number }[];
  inputs: { org: string; author: string; kind: PartnerInputKind; body: string; status: PartnerInputStatus; response?: string; daysAgo: number }[];
}

export const DEMO_CASES: DemoCase[] = [
  {
    title: 'Napięcia między młodzieżą a seniorami na osiedlu Piaski',
    type: CaseType.SOCIAL_TENSION,
    phase: CasePhase.RESPONSE,
    escalation: Escalation.ELEVATED,
    priority: CasePriority.HIGH,
    lead: 'KPPLEG',
    coordinator: 'k.nowak@kpp-legionowo.test',
    district: 'Piaski',
    address: 'ul. Jagiellońska 40–48, Legionowo',
    latitude: 52.4035,
    longitude: 20.9433,
    diagnosis: {
      what: 'Wieczorne zgromadzenia młodzieży, hałas, zaczepki i wyzwiska wobec starszych mieszkańców; seniorzy przestali wychodzić po zmroku.',
      where: 'Podwórko i garaże przy ul. Jagiellońskiej 40–48, plac zabaw',
      when: 'Piątki i soboty 19:00–23:00, nasilenie od wiosny',
      who: 'Grupa kilkunastu nastolatków, seniorzy z bloków 40 i 44, zarządca spółdzielni',
      sources: 'Zgłoszenia na Krajowej Mapie Zagrożeń Bezpieczeństwa, interwencje patroli, debata społeczna',
    },
    goal: 'Przywrócić poczucie bezpieczeństwa seniorów i dać młodzieży miejsce spotkań; o połowę mniej interwencji w pół roku.',
    reviewDate: '2027-01-15',
    partners: [
      { org: 'UMLEG', role: ParticipantRole.PARTNER },
      { org: 'SMLEG', role: ParticipantRole.PARTNER },
      { org: 'LSM', role: ParticipantRole.PARTNER },
      { org: 'SSPIA', role: ParticipantRole.PARTNER },
      { org: 'MOPS', role: ParticipantRole.CONSULTED },
    ],
    stakeholders: [
      { name: 'Grupa młodzieży spod garaży', role: TriangleRole.OFFENDER, interests: 'Miejsce do spotkań, brak zajęć po szkole', influence: Level.MEDIUM, attitude: Attitude.NEUTRAL, contact: 'przez pedagoga SP nr 3', notes: 'Dwóch liderów grupy zna dzielnicowa' },
      { name: 'Seniorzy z bloku 44', role: TriangleRole.VICTIM, interests: 'Spokój wieczorem, bezpieczne wyjścia', influence: Level.MEDIUM, attitude: Attitude.SUPPORTIVE, contact: 'p. Halina Nowicka, tel. 600 111 222', notes: 'Boją się zgłaszać z obawy przed odwetem' },
      { name: 'Podwórko przy garażach', role: TriangleRole.PLACE, interests: '', influence: Level.LOW, attitude: Attitude.UNKNOWN, contact: '', notes: 'Brak oświetlenia, zepsuta ławka, zakątek bez widoku z okien' },
      { name: 'Administracja osiedla LSM', role: TriangleRole.MANAGER, interests: 'Mniej dewastacji, spokój mieszkańców', influence: Level.HIGH, attitude: Attitude.SUPPORTIVE, contact: 'administracja@lsm.test', notes: '' },
    ],
    risks: [
      { title: 'Stygmatyzacja młodzieży jako „problemu”', description: 'Działania odebrane jako wymierzone w młodych zamkną ich na dialog', likelihood: 3, impact: 4, mitigation: 'Zaproszenie młodzieży do współprojektowania miejsca spotkań', owner: 'SSPIA', status: RiskStatus.MITIGATING },
      { title: 'Utrata zaufania seniorów do policji', description: 'Brak widocznej reakcji po zgłoszeniach', likelihood: 4, impact: 4, mitigation: 'Informacja zwrotna po każdym zgłoszeniu, dyżury dzielnicowej w klubie seniora', owner: 'KPPLEG', status: RiskStatus.OPEN },
    ],
    updates: [
      { kind: UpdateKind.MEETING, visibility: Visibility.PARTNERS, author: 'a.wisniewska@kpp-legionowo.test', body: 'Debata społeczna w klubie osiedlowym: 46 uczestników, w tym 9 nastolatków. Ustalono wspólny spacer diagnostyczny.', daysAgo: 40 },
      { kind: UpdateKind.INCIDENT, visibility: Visibility.AGENCIES, author: 't.lewandowski@sm-legionowo.test', body: 'Interwencja SM w sobotę 22:10: wybita szyba w drzwiach garażu, sprawców nie ustalono.', daysAgo: 12 },
      { kind: UpdateKind.DECISION, visibility: Visibility.LEAD, author: 'k.nowak@kpp-legionowo.test', body: 'Wzmocnione patrole piesze w piątki i soboty do końca kwartału; dzielnicowa koordynuje z SM.', daysAgo: 10 },
      { kind: UpdateKind.NOTE, visibility: Visibility.PARTNERS, author: 'r.kowalczyk@lsm.test', body: 'Spółdzielnia zamontuje dwie lampy LED przy garażach i naprawi ławkę do końca miesiąca.', daysAgo: 5 },
    ],
    inputs: [
      { org: 'SSPIA', author: 'b.mazur@piaski-sasiedzi.test', kind: PartnerInputKind.PROPOSAL, body: 'Proponujemy wieczorne zajęcia sportowe dla młodzieży na boisku szkolnym w piątki.', status: PartnerInputStatus.ACCEPTED, response: 'Przyjęte: szkoła udostępni boisko od przyszłego miesiąca, SM zapewni obecność.', daysAgo: 20 },
      { org: 'SSPIA', author: 'b.mazur@piaski-sasiedzi.test', kind: PartnerInputKind.COMMUNITY_FEEDBACK, body: 'Mieszkańcy bloku 48 mówią, że po zmroku nadal jest ciemno przy śmietnikach.', status: PartnerInputStatus.SUBMITTED, daysAgo: 3 },
    ],
  },
  {
    title: 'Wieloletni konflikt sąsiedzki przy ul. Sowińskiego',
    type: CaseType.LOCAL_CONFLICT,
    phase: CasePhase.ANALYSIS,
    escalation: Escalation.NORMAL,
    priority: CasePriority.MEDIUM,
    lead: 'KPPLEG',
    coordinator: 'k.nowak@kpp-legionowo.test',
    district: 'Centrum',
    address: 'ul. Sowińskiego 12, Legionowo',
    latitude: 52.4012,
    longitude: 20.9268,
    diagnosis: {
      what: 'Spór dwóch rodzin o hałas, parkowanie i wspólną część ogrodu; wzajemne zawiadomienia, wyzwiska, jedna interwencja z naruszeniem nietykalności.',
      where: 'Dom dwurodzinny przy ul. Sowińskiego 12',
      when: 'Od 2019 r., nasilenie latem',
      who: 'Dwie rodziny sąsiadów, zarządca wspólnoty, dzielnicowa',
      sources: '23 interwencje w 3 lata, notatki dzielnicowej, informacja MOPS',
    },
    goal: 'Doprowadzić do mediacji i pisemnego porozumienia; zero interwencji przez kolejne pół roku.',
    reviewDate: '2026-12-20',
    partners: [
      { org: 'FPOR', role: ParticipantRole.PARTNER },
      { org: 'MOPS', role: ParticipantRole.PARTNER },
      { org: 'UMLEG', role: ParticipantRole.CONSULTED },
    ],
    stakeholders: [
      { name: 'Rodzina A. (parter)', role: TriangleRole.VICTIM, interests: 'Cisza nocna, miejsce parkingowe', influence: Level.MEDIUM, attitude: Attitude.NEUTRAL, contact: 'tel. 601 222 333', notes: 'Gotowi na mediację pod warunkiem neutralnego miejsca' },
      { name: 'Rodzina B. (piętro)', role: TriangleRole.OFFENDER, interests: 'Dostęp do ogrodu, uznanie ich racji', influence: Level.MEDIUM, attitude: Attitude.OPPOSED, contact: 'tel. 602 444 555', notes: 'Nieufni wobec policji po ostatniej interwencji' },
      { name: 'Zarządca wspólnoty', role: TriangleRole.MANAGER, interests: 'Uregulowanie korzystania z ogrodu', influence: Level.HIGH, attitude: Attitude.SUPPORTIVE, contact: 'wspolnota.sowinskiego@example.test', notes: '' },
    ],
    risks: [
      { title: 'Eskalacja do przemocy', description: 'Dotychczasowe incydenty wskazują na narastanie agresji', likelihood: 3, impact: 5, mitigation: 'Szybka mediacja, procedura Niebieskiej Karty w razie potrzeby', owner: 'KPPLEG', status: RiskStatus.OPEN },
      { title: 'Poczucie stronniczości policji', description: 'Rodzina B. uważa, że policja sprzyja sąsiadom', likelihood: 4, impact: 3, mitigation: 'Mediator spoza policji (Fundacja „Porozumienie”)', owner: 'FPOR', status: RiskStatus.MITIGATING },
    ],
    updates: [
      { kind: UpdateKind.NOTE, visibility: Visibility.PARTNERS, author: 'a.wisniewska@kpp-legionowo.test', body: 'Obie rodziny wstępnie zgodziły się na rozmowę z mediatorem.', daysAgo: 8 },
      { kind: UpdateKind.INCIDENT, visibility: Visibility.AGENCIES, author: 'a.wisniewska@kpp-legionowo.test', body: 'Interwencja 14 dni temu: szarpanina przy bramie, bez obrażeń; sporządzono notatkę.', daysAgo: 14 },
      { kind: UpdateKind.DECISION, visibility: Visibility.LEAD, author: 'k.nowak@kpp-legionowo.test', body: 'Sprawa prowadzona jako priorytet dzielnicowej; przegląd po pierwszej sesji mediacji.', daysAgo: 7 },
    ],
    inputs: [
      { org: 'FPOR', author: 'd.krawczyk@porozumienie.test', kind: PartnerInputKind.PROPOSAL, body: 'Proposed: two separate pre-mediation meetings, then a joint session at the town library.', status: PartnerInputStatus.ACKNOWLEDGED, response: 'Dziękujemy, omówimy termin z MOPS.', daysAgo: 6 },
    ],
  },
  {
    title: 'Odbudowa zaufania po interwencji na Osiedlu Młodych',
    type: CaseType.CRISIS,
    phase: CasePhase.ASSESSMENT,
    escalation: Escalation.ELEVATED,
    priority: CasePriority.URGENT,
    lead: 'KPPLEG',
    coordinator: 'k.nowak@kpp-legionowo.test',
    district: 'Osiedle Młodych',
    address: 'ul. Husarska 5, Legionowo',
    latitude: 52.3968,
    longitude: 20.9552,
    diagnosis: {
      what: 'Po nagłośnionej w mediach społecznościowych interwencji wobec nastolatka mieszkańcy zarzucali policji nadużycie siły; protest pod komendą, spadek zgłoszeń.',
      where: 'Osiedle Młodych, okolice ul. Husarskiej',
      when: 'Od interwencji przed trzema miesiącami',
      who: 'Rodzina nastolatka, mieszkańcy osiedla, lokalne media, organizacje społeczne',
      sources: 'Media społecznościowe, skargi, spotkanie z radą osiedla, sondaż',
    },
    goal: 'Wyjaśnić okoliczności, komunikować otwarcie i odbudować gotowość mieszkańców do zgłaszania zdarzeń.',
    reviewDate: '2026-12-05',
    partners: [
      { org: 'UMLEG', role: ParticipantRole.PARTNER },
      { org: 'SSPIA', role: ParticipantRole.PARTNER },
      { org: 'FPOR', role: ParticipantRole.PARTNER },
      { org: 'SMLEG', role: ParticipantRole.CONSULTED },
    ],
    stakeholders: [
      { name: 'Rodzina nastolatka', role: TriangleRole.VICTIM, interests: 'Wyjaśnienie sprawy, przeprosiny', influence: Level.HIGH, attitude: Attitude.OPPOSED, contact: 'przez pełnomocnika, mec. K. Zając', notes: 'Postępowanie wyjaśniające w toku' },
      { name: 'Rada Osiedla Młodych', role: TriangleRole.COMMUNITY, interests: 'Przejrzystość, bezpieczeństwo', influence: Level.HIGH, attitude: Attitude.NEUTRAL, contact: 'rada.mlodych@example.test', notes: '' },
      { name: 'Lokalny portal informacyjny', role: TriangleRole.GUARDIAN, interests: 'Informacja', influence: Level.HIGH, attitude: Attitude.NEUTRAL, contact: 'redakcja@portal.test', notes: '' },
    ],
    risks: [
      { title: 'Dezinformacja w mediach społecznościowych', description: 'Nieprawdziwe relacje podsycają niechęć', likelihood: 4, impact: 5, mitigation: 'Rzecznik publikuje fakty co tydzień; spotkania otwarte', owner: 'KPPLEG', status: RiskStatus.MITIGATING },
      { title: 'Spadek zgłoszeń przestępstw', description: 'Mieszkańcy przestają dzwonić na 112', likelihood: 3, impact: 5, mitigation: 'Dyżury dzielnicowych z organizacjami, kampania „Zgłoś”', owner: 'UMLEG', status: RiskStatus.OPEN },
      { title: 'Wypalenie dzielnicowych', description: 'Presja i hejt wobec funkcjonariuszy', likelihood: 3, impact: 3, mitigation: 'Wsparcie psychologa, rotacja dyżurów', owner: 'KPPLEG', status: RiskStatus.MITIGATING },
    ],
    updates: [
      { kind: UpdateKind.MEETING, visibility: Visibility.PARTNERS, author: 'k.nowak@kpp-legionowo.test', body: 'Spotkanie otwarte z mieszkańcami (ok. 120 osób) z udziałem burmistrza i komendanta; zapowiedziano cotygodniowe informacje.', daysAgo: 60 },
      { kind: UpdateKind.DECISION, visibility: Visibility.AGENCIES, author: 'm.kaminska@legionowo-um.test', body: 'Miasto finansuje sondaż zaufania na osiedlu (próba 400 osób) przed i po działaniach.', daysAgo: 45 },
      { kind: UpdateKind.NOTE, visibility: Visibility.LEAD, author: 'k.nowak@kpp-legionowo.test', body: 'Wyniki postępowania wyjaśniającego: do przekazania rodzinie przed publikacją.', daysAgo: 9 },
      { kind: UpdateKind.NOTE, visibility: Visibility.PARTNERS, author: 'a.wisniewska@kpp-legionowo.test', body: 'Liczba zgłoszeń wróciła do poziomu sprzed kryzysu; przygotowujemy ocenę.', daysAgo: 4 },
    ],
    inputs: [
      { org: 'SSPIA', author: 'b.mazur@piaski-sasiedzi.test', kind: PartnerInputKind.CONCERN, body: 'Część młodzieży nadal boi się kontaktu z patrolami; prosimy o spotkanie w szkole bez mundurów.', status: PartnerInputStatus.ACCEPTED, response: 'Zgoda: dzielnicowi przyjdą na lekcję wychowawczą w cywilu.', daysAgo: 30 },
      { org: 'FPOR', author: 'd.krawczyk@porozumienie.test', kind: PartnerInputKind.OBSERVATION, body: 'Residents appreciated the weekly updates; ask to keep them after the case closes.', status: PartnerInputStatus.SUBMITTED, daysAgo: 2 },
    ],
  },
  {
    title: 'Plan działania priorytetowego: spożywanie alkoholu i hałas przy skwerze w Jabłonnie',
    type: CaseType.PRIORITY_PLAN,
    phase: CasePhase.SCANNING,
    escalation: Escalation.NORMAL,
    priority: CasePriority.MEDIUM,
    lead: 'KPPLEG',
    coordinator: 'k.nowak@kpp-legionowo.test',
    district: 'Jabłonna',
    address: 'skwer przy ul. Modlińskiej, Jabłonna',
    latitude: 52.3797,
    longitude: 20.9107,
    diagnosis: {
      what: 'Spożywanie alkoholu w miejscu publicznym, zaśmiecanie i hałas nocny przy skwerze i sklepie całodobowym.',
      where: 'Skwer przy ul. Modlińskiej, okolice sklepu',
      when: 'Codziennie wieczorem, szczególnie w weekendy',
      who: 'Stała grupa kilku dorosłych mężczyzn, klienci sklepu, okoliczni mieszkańcy',
      sources: 'Zgłoszenia na mapie zagrożeń (17 w kwartale), obserwacje dzielnicowego',
    },
    goal: 'Ograniczyć zgłoszenia o połowę w ciągu kwartału; zmiana zagospodarowania skweru.',
    reviewDate: '2027-02-28',
    partners: [
      { org: 'KPJAB', role: ParticipantRole.PARTNER },
      { org: 'SMLEG', role: ParticipantRole.PARTNER },
      { org: 'UMLEG', role: ParticipantRole.CONSULTED },
    ],
    stakeholders: [
      { name: 'Właściciel sklepu całodobowego', role: TriangleRole.MANAGER, interests: 'Utrzymanie klientów, spokój', influence: Level.MEDIUM, attitude: Attitude.NEUTRAL, contact: 'tel. 22 000 00 00', notes: 'Rozważa ograniczenie sprzedaży nocą' },
      { name: 'Mieszkańcy ul. Modlińskiej 20–26', role: TriangleRole.VICTIM, interests: 'Cisza nocna, czysty skwer', influence: Level.MEDIUM, attitude: Attitude.SUPPORTIVE, contact: '', notes: '' },
    ],
    risks: [{ title: 'Przeniesienie problemu w inne miejsce', description: 'Grupa przeniesie się pod szkołę', likelihood: 3, impact: 3, mitigation: 'Obserwacja sąsiednich lokalizacji', owner: 'KPJAB', status: RiskStatus.OPEN }],
    updates: [
      { kind: UpdateKind.NOTE, visibility: Visibility.PARTNERS, author: 'p.zielinski@jablonna-policja.test', body: 'Dzielnicowy rozpoczął rozpoznanie: 3 obchody wieczorne, rozmowa ze sprzedawcą.', daysAgo: 6 },
      { kind: UpdateKind.INCIDENT, visibility: Visibility.AGENCIES, author: 'p.zielinski@jablonna-policja.test', body: 'Dwa mandaty za spożywanie alkoholu; jedna osoba przewieziona do izby wytrzeźwień.', daysAgo: 3 },
      { kind: UpdateKind.DECISION, visibility: Visibility.LEAD, author: 'k.nowak@kpp-legionowo.test', body: 'Plan zatwierdzony do realizacji przez dzielnicowego z Jabłonny; ocena po kwartale.', daysAgo: 2 },
    ],
    inputs: [],
  },
];
