-- A generated municipality for the web benchmark (scripts/bench-web), written straight into
-- PlanningService's read models and case tables: 20 schools, 8,000 pupils, a year of monthly absence,
-- 26 weeks each, ~1,500 concerns, ~330 cases with team, kortlægning, plan, meetings and timeline,
-- and legal tasks. Deterministic (no random()): pupil n's figures come from n.
SET search_path = planning;
BEGIN;
TRUNCATE pupils, absence_current, absence_weeks, absence_months, concerns, concern_resolutions, legal_tasks, cases, case_concerns,
         case_team, case_timeline, assessments, plan_revisions, meetings;

CREATE TEMP TABLE bench_pupils AS
SELECT n, 'BENCH' || lpad(n::text, 5, '0') AS pupil_key, 'skole-' || lpad(((n - 1) % 20 + 1)::text, 2, '0') AS school_id,
       ((n * 7919) % 10000) / 10000.0 AS u, (n % 10) AS grade
FROM generate_series(1, 8000) AS n;

INSERT INTO pupils (pupil_key, given_name, family_name, school_id, school_name, class_name, grade, enrolled_from, erased, updated_at)
SELECT pupil_key, (ARRAY['Emma','Noah','Ida','Oscar','Freja','William','Alma','Carl','Ella','Malthe'])[n % 10 + 1],
       (ARRAY['Jensen','Nielsen','Hansen','Pedersen','Andersen','Christensen','Larsen','Sørensen','Rasmussen','Jørgensen'])[(n / 10) % 10 + 1],
       school_id, 'Skole ' || substr(school_id, 7), grade || (ARRAY['A','B'])[n % 2 + 1], grade, DATE '2019-08-12', false, now()
FROM bench_pupils;

-- Share of school days absent over the last 40 days: most pupils low, a tail high (about 12 % at or over 10 %).
CREATE TEMP TABLE bench_months AS
SELECT p.n, p.pupil_key, p.school_id, m.month_start, to_char(m.month_start, 'YYYY-MM') AS month,
       least(0.9, power(p.u, 7) * 0.55 * (1.15 - 0.02 * m.i) + 0.01) AS last40,
       least(0.9, power(p.u, 9) * 0.5) AS unauthorized
FROM bench_pupils p, (SELECT i, (DATE '2025-12-01' + (i || ' months')::interval)::date AS month_start FROM generate_series(0, 11) AS i) AS m;

INSERT INTO absence_months (pupil_key, month, school_id, as_of, computed_at, last40_total, quarter, quarter_unauthorized)
SELECT pupil_key, month, school_id, (month_start + interval '20 days')::date, now(), last40,
       extract(year FROM month_start) || '-Q' || extract(quarter FROM month_start), unauthorized
FROM bench_months;

INSERT INTO absence_weeks (pupil_key, week_start, school_days, absent_days, computed_at)
SELECT p.pupil_key, (DATE '2026-06-01' + w * 7), 5, round((power(p.u, 7) * 0.55 * 5 * (1 + ((p.n + w) % 3 - 1) * 0.3))::numeric * 2) / 2, now()
FROM bench_pupils p, generate_series(0, 25) AS w;

INSERT INTO absence_current (pupil_key, school_id, as_of, computed_at, summary)
SELECT m.pupil_key, m.school_id, DATE '2026-11-20', now(), jsonb_build_object(
    'pupilKey', m.pupil_key, 'schoolId', m.school_id, 'asOf', '2026-11-20', 'computedAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'quarter', jsonb_build_object('start', '2026-10-01', 'end', '2026-11-20', 'schoolDays', 36, 'illness', m.last40 * 0.5, 'authorized', m.last40 * 0.1,
                                  'unauthorized', m.unauthorized, 'total', m.last40),
    'last20SchoolDays', jsonb_build_object('start', '2026-10-23', 'end', '2026-11-20', 'schoolDays', 20, 'illness', m.last40 * 0.5, 'authorized', 0,
                                           'unauthorized', m.unauthorized, 'total', m.last40),
    'last40SchoolDays', jsonb_build_object('start', '2026-09-18', 'end', '2026-11-20', 'schoolDays', 40, 'illness', m.last40 * 0.5, 'authorized', 0,
                                           'unauthorized', m.unauthorized, 'total', m.last40),
    'trend', 'stable', 'weeks', '[]'::jsonb, 'lateArrivals20SchoolDays', 0, 'openConcernRules', '[]'::jsonb)
FROM bench_months m WHERE m.month = '2026-11';

-- Concerns for the pupils at or over 10 %: concerning absence for each, an unauthorized-quarter warning for some.
INSERT INTO concerns (concern_id, pupil_key, school_id, origin, rule, window_start, window_end, period, explanation, raised_at, triage, case_id, version)
SELECT 'bc-' || m.n || '-' || r.rule, m.pupil_key, m.school_id, 'rule', r.rule, DATE '2026-09-18', DATE '2026-11-20', '2026-Q4',
       jsonb_build_object('schoolDays', 40, 'absentDays', jsonb_build_object('unauthorized', m.unauthorized * 40, 'illness', m.last40 * 20),
                          'rate', m.last40, 'threshold', 0.1, 'dates', jsonb_build_array('2026-11-02', '2026-11-09', '2026-11-16'),
                          'summary', 'absence over the last 40 school days'),
       now() - ((m.n % 60) || ' days')::interval,
       (ARRAY['new','new','new','watching','dismissed','case'])[m.n % 6 + 1], NULL, 1
FROM bench_months m, (VALUES ('concerning-absence'), ('unauthorized-quarter-warning')) AS r(rule)
WHERE m.month = '2026-11' AND m.last40 >= 0.1 AND (r.rule = 'concerning-absence' OR m.unauthorized >= 0.1);

-- Cases for the concerns triaged to a case (one per pupil), a third of them closed with an evaluation.
CREATE TEMP TABLE bench_cases AS
SELECT DISTINCT ON (c.pupil_key) 'bcase-' || c.pupil_key AS case_id, c.pupil_key, c.school_id, c.concern_id, c.raised_at,
       (abs(hashtext(c.pupil_key)) % 3 = 0) AS closed
FROM concerns c WHERE c.triage = 'case' ORDER BY c.pupil_key, c.raised_at;
UPDATE concerns c SET case_id = b.case_id FROM bench_cases b WHERE c.pupil_key = b.pupil_key AND c.triage = 'case';
INSERT INTO cases (case_id, pupil_key, school_id, status, opened_at, opened_by, first_concern_at, meeting_cadence_days, participants, closed_at, outcome, evaluation, version)
SELECT case_id, pupil_key, school_id, CASE WHEN closed THEN 'closed' ELSE (ARRAY['opened','mapping','acting','evaluating'])[abs(hashtext(case_id)) % 4 + 1] END,
       raised_at + interval '3 days', 's-leder-01', raised_at, 14,
       '[{"kind":"parent","name":"Forælder","told":"om bekymringen","asked":"om morgenerne"}]'::jsonb,
       CASE WHEN closed THEN now() - interval '2 days' END, CASE WHEN closed THEN 'improved' END,
       CASE WHEN closed THEN '{"absenceBefore":0.2,"absenceAfter":0.08,"weeksBefore":4,"weeksAfter":4,"wellbeingBefore":4,"wellbeingAfter":7,"outcome":"improved"}'::jsonb END,
       3
FROM bench_cases;
INSERT INTO case_concerns (case_id, concern_id) SELECT case_id, concern_id FROM bench_cases;
INSERT INTO case_team (case_id, position, staff_id, role, email, name)
SELECT case_id, 1, CASE WHEN school_id = 'skole-01' THEN 's-leder-01' ELSE 'leder-' || school_id END, 'coordinator', 'leder@' || school_id || '.example.dk', 'Skoleleder'
FROM bench_cases
UNION ALL SELECT case_id, 2, 's-ppr-01', 'ppr-psychologist', 'anders.juul@kommune.example.dk', 'Anders Juul' FROM bench_cases
UNION ALL SELECT case_id, 3, 'laerer-' || pupil_key, 'contact-teacher', 'laerer@' || school_id || '.example.dk', 'Kontaktlærer' FROM bench_cases;
INSERT INTO case_timeline (case_id, at, staff_id, kind, summary)
SELECT case_id, raised_at + (k || ' days')::interval, 's-leder-01', (ARRAY['opened','kortlaegning','plan','meeting','status'])[k + 1], 'entry ' || k
FROM bench_cases, generate_series(0, 4) AS k;
INSERT INTO assessments (case_id, document, version, updated_at, updated_by)
SELECT case_id, '{"arenas":[{"arena":"learning-environment","factors":["Uro i klassen"],"childWords":"Det er svært om morgenen"},{"arena":"home-and-family","factors":["Sen sengetid"],"parentWords":"Vi prøver"}],"wellbeingStart":4}'::jsonb,
       2, now(), 's-leder-01'
FROM bench_cases;
INSERT INTO plan_revisions (case_id, revision, document, updated_at, updated_by)
SELECT case_id, 1, ('{"attendanceTarget":0.95,"targetDate":"2027-01-29","actions":['
       || '{"actionId":"a1-' || case_id || '","catalogueCode":"gradual-return","title":"Gradvis tilbagevenden","arena":"learning-environment","ownerStaffId":"s-leder-01","dueDate":"2026-12-01","status":"active"},'
       || '{"actionId":"a2-' || case_id || '","catalogueCode":"trusted-adult","title":"Tryg voksen / mentor","arena":"relations","ownerStaffId":"s-ppr-01","dueDate":"2026-12-10","status":"planned"},'
       || '{"actionId":"a3-' || case_id || '","catalogueCode":"morning-pickup","title":"Morgenafhentning","arena":"home-and-family","ownerStaffId":"s-leder-01","status":"planned"}]}')::jsonb,
       now(), 's-leder-01'
FROM bench_cases;
INSERT INTO meetings (meeting_id, case_id, held_at, attendees, decisions, next_meeting_at, recorded_by)
SELECT 'bm-' || k || '-' || case_id, case_id, raised_at + ((4 + k * 14) || ' days')::interval,
       '[{"name":"Skoleleder","role":"school-leader"},{"name":"Forælder","role":"parent"}]'::jsonb, '["Gradvis tilbagevenden"]'::jsonb,
       raised_at + ((18 + k * 14) || ' days')::interval, 's-leder-01'
FROM bench_cases, generate_series(0, 1) AS k;
INSERT INTO legal_tasks (task_id, concern_id, kind, pupil_key, school_id, period, due_date)
SELECT 'bt-' || concern_id, concern_id, 'warn-parents', pupil_key, school_id, period, DATE '2026-12-04'
FROM concerns WHERE rule = 'unauthorized-quarter-warning';
COMMIT;
ANALYZE pupils, absence_months, absence_weeks, absence_current, concerns, cases, case_team, case_timeline, legal_tasks;
SELECT (SELECT count(*) FROM pupils) AS pupils, (SELECT count(*) FROM concerns) AS concerns, (SELECT count(*) FROM cases) AS cases,
       (SELECT count(*) FROM cases WHERE status <> 'closed') AS open_cases, (SELECT count(*) FROM legal_tasks) AS legal_tasks;
