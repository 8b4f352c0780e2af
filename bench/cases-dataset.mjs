// The benchmark's data set, generated set-based (generate_series) and deterministically: ids are md5-derived UUIDs
// (`md5('org:' || n)::uuid`, `md5('user:' || n)`, `md5('case:' || n)`) so every statement can name any row by number.
//
//   200 organisations of mixed kinds (60 NGO = 30 %), 10 users each (2,000) with roles by kind, 400 agreements;
//   cases numbered 1…N, each led by a public body, with the lead + 1–4 other participants (NGOs among them ~30 %),
//   5–15 updates (avg 10) across PARTNERS / AGENCIES / LEAD, partner input on ~30 %, risks on ~27 %, stakeholders on 1/3.
//
// Two organisations are the measured readers' and take part in a fixed 10 % of cases whatever N is, so that their
// first page of 50 is always full and their share grows in proportion:
//   org 1 (POLICE_UNIT, "coordinator hub"): leads every case with g % 20 = 3, is PARTNER on every g % 20 = 13;
//   org 2 (NGO, "NGO hub"): PARTNER on every case with g % 10 = 7.
// Cases can be added in ranges (1…2,000 first, then 2,001…20,000) with the same formulas.

export const ORGANISATIONS = 200;
export const USERS_PER_ORG = 10;
export const COORDINATOR_ORG = 1;
export const NGO_ORG = 2;
/** The measured users: the first user of each hub organisation. */
export const COORDINATOR_USER = { number: (COORDINATOR_ORG - 1) * USERS_PER_ORG + 1, email: 'user1@bench.test' };
export const NGO_USER = { number: (NGO_ORG - 1) * USERS_PER_ORG + 1, email: 'user11@bench.test' };

const OTHER_KINDS = ['POLICE_UNIT', 'MUNICIPALITY', 'MUNICIPAL_GUARD', 'SOCIAL_SERVICES', 'SCHOOL', 'HOUSING', 'OTHER'];
const LABEL = {
  POLICE_UNIT: 'Komisariat Policji',
  MUNICIPALITY: 'Urząd Gminy',
  MUNICIPAL_GUARD: 'Straż Miejska',
  SOCIAL_SERVICES: 'Ośrodek Pomocy Społecznej',
  SCHOOL: 'Szkoła Podstawowa',
  HOUSING: 'Spółdzielnia Mieszkaniowa',
  NGO: 'Stowarzyszenie',
  OTHER: 'Rada Osiedla',
};

export function kindOf(n) {
  if (n === COORDINATOR_ORG) return 'POLICE_UNIT';
  if (n === NGO_ORG || [2, 5, 8].includes(n % 10)) return 'NGO';
  return OTHER_KINDS[n % 7];
}
const isPublic = (kind) => kind !== 'NGO' && kind !== 'OTHER';
const numbers = Array.from({ length: ORGANISATIONS }, (_, i) => i + 1);

/** Organisations, users (all with an unusable password hash but the two measured ones), agreements. */
export async function seedDirectory(client, passwordHash) {
  const kinds = numbers.map(kindOf);
  const names = numbers.map((n) => `${LABEL[kindOf(n)]} nr ${n}${n === COORDINATOR_ORG ? ' (Komenda Bench)' : n === NGO_ORG ? ' (NGO Bench)' : ''}`);
  await client.query(
    `INSERT INTO organisations (id, name, code, kind, area)
     SELECT md5('org:' || n)::uuid, ($1::text[])[n], 'B' || lpad(n::text, 3, '0'), ($2::text[])[n]::organisation_kind, 'Dzielnica ' || (1 + n % 12)
       FROM generate_series(1, ${ORGANISATIONS}) n`,
    [names, kinds],
  );
  // Public bodies: 1 coordinator, 1 coordinator+staff, 6 staff, an analyst, an admin+auditor. NGO/OTHER: 8 partners, staff, auditor.
  await client.query(
    `INSERT INTO users (id, organisation_id, email, display_name, password_hash, roles, locale)
     SELECT md5('user:' || u)::uuid, o.id, 'user' || u || '@bench.test', 'Użytkownik ' || u, 'x-no-login',
            string_to_array(CASE WHEN o.kind NOT IN ('NGO', 'OTHER')
                                 THEN (ARRAY['COORDINATOR','COORDINATOR,STAFF','STAFF','STAFF','STAFF','STAFF','STAFF','STAFF','ANALYST','ADMIN,AUDITOR'])[j]
                                 ELSE (ARRAY['PARTNER','PARTNER','PARTNER','PARTNER','PARTNER','PARTNER','PARTNER','PARTNER','STAFF','AUDITOR'])[j] END, ','),
            CASE WHEN u % 5 = 0 THEN 'en' ELSE 'pl' END
       FROM generate_series(1, ${ORGANISATIONS * USERS_PER_ORG}) u
       CROSS JOIN LATERAL (SELECT (u - 1) / ${USERS_PER_ORG} + 1 AS n, (u - 1) % ${USERS_PER_ORG} + 1 AS j) x
       JOIN organisations o ON o.id = md5('org:' || x.n)::uuid`,
  );
  await client.query(`UPDATE users SET password_hash = $1 WHERE email = ANY($2)`, [passwordHash, [COORDINATOR_USER.email, NGO_USER.email]]);
  await client.query(
    `INSERT INTO partnership_agreements (organisation_a_id, organisation_b_id, purpose, data_categories, valid_from, valid_to, status, created_by_id)
     SELECT md5('org:' || a)::uuid, md5('org:' || b)::uuid, 'Porozumienie o współpracy ' || i, ARRAY['CASE_CONTENT','INDICATORS'],
            date '2024-01-01' + (i % 300), CASE WHEN i % 4 = 0 THEN date '2027-12-31' END,
            (ARRAY['ACTIVE','ACTIVE','ACTIVE','ACTIVE','ACTIVE','SUSPENDED','TERMINATED','DRAFT'])[1 + i % 8]::agreement_status,
            md5('user:' || ((a - 1) * ${USERS_PER_ORG} + 1))::uuid
       FROM generate_series(1, 400) i
       CROSS JOIN LATERAL (SELECT 1 + (i - 1) % ${ORGANISATIONS} AS a) x
       CROSS JOIN LATERAL (SELECT 1 + ((a - 1) + 1 + (i * 7) % ${ORGANISATIONS - 1}) % ${ORGANISATIONS} AS b) y`,
  );
}

/** Cases `from`…`to` and everything in them. One client (a TEMP table holds the range). */
export async function seedCases(client, from, to) {
  const leads = numbers.filter((n) => n !== COORDINATOR_ORG && isPublic(kindOf(n)));
  const others = numbers.filter((n) => n !== COORDINATOR_ORG && n !== NGO_ORG);
  await client.query('DROP TABLE IF EXISTS bench_gen');
  await client.query(
    `CREATE TEMP TABLE bench_gen AS
     SELECT g, md5('case:' || g)::uuid AS id, lead, h,
            now() - make_interval(secs => h % 31536000) AS last_activity_at
       FROM generate_series($1::int, $2::int) g
       CROSS JOIN LATERAL (SELECT hashint4((g * 7 + 1)::int)::bigint & 2147483647 AS h) x
       CROSS JOIN LATERAL (SELECT CASE WHEN g % 20 = 3 THEN ${COORDINATOR_ORG}
                                       ELSE ($3::int[])[1 + (hashint4((g)::int)::bigint & 2147483647) % cardinality($3::int[])] END AS lead) y`,
    [from, to, leads],
  );
  await client.query(
    `INSERT INTO cases (id, reference, title, type, phase, escalation, priority, priority_rank, district, address,
                        diagnosis_what, diagnosis_where, diagnosis_when, diagnosis_who, goal, review_date,
                        lead_organisation_id, coordinator_id, last_activity_at, created_at, closed_at, outcome)
     SELECT id,
            'B' || lpad(lead::text, 3, '0') || '/' || (2024 + g % 3) || '/' || lpad(g::text, 5, '0'),
            (ARRAY['Spór sąsiedzki','Dewastacja wiaty przystankowej','Zgromadzenia przy garażach','Hałas nocny','Napięcia na osiedlu','Nielegalne wysypisko'])[1 + h % 6] || ' ' || g,
            (ARRAY['SOCIAL_TENSION','LOCAL_CONFLICT','CRISIS','PUBLIC_NUISANCE','PRIORITY_PLAN'])[1 + (h / 7) % 5]::case_type,
            phase::case_phase,
            (CASE WHEN h % 17 = 0 THEN 'CRISIS' WHEN h % 5 = 0 THEN 'ELEVATED' ELSE 'NORMAL' END)::case_escalation,
            (ARRAY['LOW','MEDIUM','HIGH','URGENT'])[rank]::case_priority, rank,
            'Dzielnica ' || (1 + h % 12), 'ul. Przykładowa ' || (1 + h % 200),
            'Zgłoszenia mieszkańców o zakłóceniach porządku w rejonie ' || (1 + h % 40), 'Podwórko i okolice', 'Wieczorami, weekendy', 'Grupa młodzieży, mieszkańcy',
            'Zmniejszenie liczby zgłoszeń o połowę',
            CASE WHEN h % 7 = 0 THEN NULL ELSE date '2026-01-01' + (h % 400)::int END,
            md5('org:' || lead)::uuid, md5('user:' || ((lead - 1) * ${USERS_PER_ORG} + 1 + g % 2))::uuid,
            last_activity_at, last_activity_at - make_interval(days => (h % 200)::int),
            CASE WHEN phase = 'CLOSED' THEN last_activity_at END,
            (CASE WHEN phase = 'CLOSED' THEN (ARRAY['ELIMINATED','REDUCED','LESS_SERIOUS','BETTER_HANDLED','UNRESOLVED'])[1 + h % 5] END)::case_outcome
       FROM bench_gen
       CROSS JOIN LATERAL (SELECT (ARRAY['SCANNING','ANALYSIS','RESPONSE','ASSESSMENT','CLOSED'])[1 + (h / 35) % 5] AS phase,
                                  (1 + (h / 175) % 4)::int AS rank) x`,
  );
  // The lead, the hubs' fixed shares (on a coordinator's override sharing every category, so that the measured readers
  // see everything their roles allow), and 1–4 other organisations drawn from all the rest (NGOs among them).
  await client.query(
    `INSERT INTO case_participants (case_id, organisation_id, role, added_by_id, added_at, override_reason, granted_categories)
     SELECT id, md5('org:' || lead)::uuid, 'LEAD'::participant_role, md5('user:' || ((lead - 1) * ${USERS_PER_ORG} + 1))::uuid, last_activity_at - interval '200 days', NULL, '{}'::text[] FROM bench_gen
     UNION ALL
     SELECT id, md5('org:' || ${COORDINATOR_ORG})::uuid, 'PARTNER'::participant_role, NULL::uuid, last_activity_at - interval '150 days', 'Benchmark', ARRAY['CASE_CONTENT','STAKEHOLDER_CONTACTS','INCIDENT_DATA','INDICATORS','TASKS'] FROM bench_gen WHERE g % 20 = 13
     UNION ALL
     SELECT id, md5('org:' || ${NGO_ORG})::uuid, 'PARTNER'::participant_role, NULL::uuid, last_activity_at - interval '150 days', 'Benchmark', ARRAY['CASE_CONTENT','STAKEHOLDER_CONTACTS','INCIDENT_DATA','INDICATORS','TASKS'] FROM bench_gen WHERE g % 10 = 7`,
  );
  await client.query(
    `INSERT INTO case_participants (case_id, organisation_id, role, added_by_id, override_reason, granted_categories, added_at)
     SELECT b.id, md5('org:' || ($1::int[])[1 + p % cardinality($1::int[])])::uuid,
            (CASE WHEN p % 3 = 0 THEN 'CONSULTED' ELSE 'PARTNER' END)::participant_role,
            md5('user:' || ((b.lead - 1) * ${USERS_PER_ORG} + 1))::uuid,
            CASE WHEN p % 9 = 0 THEN 'Pilna potrzeba współpracy' END,
            CASE WHEN p % 9 = 0 THEN ARRAY['CASE_CONTENT','TASKS'] ELSE '{}' END::text[],
            b.last_activity_at - make_interval(days => (100 - i)::int)
       FROM bench_gen b
       CROSS JOIN LATERAL generate_series(1, 1 + (b.h / 3) % 4) i
       CROSS JOIN LATERAL (SELECT hashint4((b.g * 13 + i)::int)::bigint & 2147483647 AS p) x
     ON CONFLICT (case_id, organisation_id) DO NOTHING`,
    [others],
  );
  // 5–15 updates per case (avg 10): half PARTNERS, 30 % AGENCIES, 20 % LEAD; authors from the lead organisation.
  await client.query(
    `INSERT INTO case_updates (case_id, kind, visibility, body, author_id, author_organisation_id, created_at)
     SELECT b.id,
            (ARRAY['NOTE','NOTE','MEETING','INCIDENT','DECISION'])[1 + x % 5]::case_update_kind,
            (CASE WHEN x % 10 < 5 THEN 'PARTNERS' WHEN x % 10 < 8 THEN 'AGENCIES' ELSE 'LEAD' END)::case_update_visibility,
            'Wpis ' || j || ' w sprawie ' || b.g || ': ustalenia z rozmowy z mieszkańcami i partnerami, kolejne kroki.',
            md5('user:' || ((b.lead - 1) * ${USERS_PER_ORG} + 1 + j % 8))::uuid, md5('org:' || b.lead)::uuid,
            b.last_activity_at - make_interval(hours => ((j - 1) * (1 + b.h % 48))::int)
       FROM bench_gen b
       CROSS JOIN LATERAL generate_series(1, 5 + (b.h / 11) % 11) j
       CROSS JOIN LATERAL (SELECT hashint4((b.g * 101 + j)::int)::bigint & 2147483647 AS x) r`,
  );
  // Partner input: on every 4th case from its first non-lead participant, and on a third of the NGO hub's cases.
  await client.query(
    `INSERT INTO partner_inputs (case_id, organisation_id, author_id, kind, body, status, response, created_at)
     SELECT DISTINCT ON (b.id) b.id, cp.organisation_id, NULL,
            (ARRAY['OBSERVATION','PROPOSAL','COMMUNITY_FEEDBACK','CONCERN'])[1 + b.h % 4]::partner_input_kind,
            'Obserwacja partnera w sprawie ' || b.g,
            (ARRAY['SUBMITTED','ACKNOWLEDGED','ACCEPTED','DECLINED'])[1 + (b.h / 4) % 4]::partner_input_status,
            CASE WHEN (b.h / 4) % 4 >= 2 THEN 'Dziękujemy, uwzględnione.' END,
            b.last_activity_at - interval '3 days'
       FROM bench_gen b JOIN case_participants cp ON cp.case_id = b.id AND cp.role <> 'LEAD'
      WHERE b.g % 4 = 0
      ORDER BY b.id, cp.organisation_id`,
  );
  await client.query(
    `INSERT INTO partner_inputs (case_id, organisation_id, author_id, kind, body, status, created_at)
     SELECT id, md5('org:' || ${NGO_ORG})::uuid, md5('user:' || ${NGO_USER.number})::uuid, 'COMMUNITY_FEEDBACK', 'Głos mieszkańców ' || g,
            (ARRAY['SUBMITTED','ACKNOWLEDGED','ACCEPTED'])[1 + h % 3]::partner_input_status, last_activity_at - interval '1 day'
       FROM bench_gen WHERE g % 10 = 7 AND g % 3 = 0`,
  );
  await client.query(
    `INSERT INTO trust_risks (case_id, title, description, likelihood, impact, score, mitigation, owner_organisation_id, status)
     SELECT b.id, 'Ryzyko ' || k || ' dla zaufania', 'Opis ryzyka', l, m, l * m, 'Spotkania z mieszkańcami', md5('org:' || b.lead)::uuid,
            (ARRAY['OPEN','MITIGATING','ACCEPTED','CLOSED'])[1 + (b.h + k) % 4]::risk_status
       FROM bench_gen b
       CROSS JOIN LATERAL generate_series(1, CASE WHEN b.g % 15 = 0 THEN 2 ELSE 1 END) k
       CROSS JOIN LATERAL (SELECT (1 + (b.h + k) % 5)::smallint AS l, (1 + (b.h / 5 + k) % 5)::smallint AS m) x
      WHERE b.g % 5 = 0 OR b.g % 15 = 0`,
  );
  await client.query(
    `INSERT INTO stakeholders (case_id, name, triangle_role, interests, influence, attitude, contact_details, notes)
     SELECT b.id, 'Interesariusz ' || k || ' sprawy ' || b.g,
            (ARRAY['OFFENDER','VICTIM','PLACE','HANDLER','GUARDIAN','MANAGER','COMMUNITY'])[1 + (b.h + k) % 7]::triangle_role,
            'Spokój na osiedlu', (ARRAY['LOW','MEDIUM','HIGH'])[1 + k % 3]::stakeholder_level, 'NEUTRAL', 'tel. 600 000 ' || lpad((b.g % 1000)::text, 3, '0'), ''
       FROM bench_gen b CROSS JOIN generate_series(1, 2) k WHERE b.g % 3 = 0`,
  );
  await client.query('DROP TABLE bench_gen');
}

/** Row counts, and what each measured reader can see. */
export async function describe(client) {
  const { rows } = await client.query(
    `SELECT (SELECT count(*) FROM organisations)::int AS organisations,
            (SELECT count(*) FROM organisations WHERE kind = 'NGO')::int AS ngos,
            (SELECT count(*) FROM users)::int AS users,
            (SELECT count(*) FROM partnership_agreements)::int AS agreements,
            (SELECT count(*) FROM cases)::int AS cases,
            (SELECT count(*) FROM case_participants)::int AS participants,
            (SELECT count(*) FROM case_updates)::int AS updates,
            (SELECT count(*) FROM partner_inputs)::int AS partner_inputs,
            (SELECT count(*) FROM trust_risks)::int AS risks,
            (SELECT count(*) FROM stakeholders)::int AS stakeholders,
            (SELECT count(*) FROM case_participants WHERE organisation_id = md5('org:' || ${NGO_ORG})::uuid)::int AS ngo_visible,
            (SELECT count(*) FROM case_participants WHERE organisation_id = md5('org:' || ${COORDINATOR_ORG})::uuid)::int AS coordinator_visible,
            (SELECT count(DISTINCT case_id) FROM case_participants cp JOIN organisations o ON o.id = cp.organisation_id WHERE o.kind = 'NGO')::int AS cases_with_ngo`,
  );
  return rows[0];
}
