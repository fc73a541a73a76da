-- Stored registrations for the growth workload, numbers @FROM@ to @TO@ (exclusive), straight into booking's
-- schema. Every (branch, treatment) pair of the catalogue; six in ten attended, two cancelled, one no-show,
-- all on past dates; one in ten still active (SUBMITTED/RESCHEDULED), dated after every treatment's booking
-- window so the registration runs never compete with them for a place, and holding entries in the partial
-- unique index on active free trials. Phones are distinct HK mobile numbers from 6000 0000 to 8999 9999
-- (7919 is prime to the 30 M range, so n -> phone is one to one), never the 94xx xxxx the wrk script uses.
-- One consent record per registration and one outbox row each, already published (a compact payload: published
-- rows are only kept for audit).
CREATE TEMP TABLE growth_batch ON COMMIT DROP AS
SELECT n,
       ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid AS id,
       p.branch_code, p.treatment_code, t.free_trial,
       CASE WHEN n % 10 = 0 THEN CASE WHEN n % 20 = 0 THEN 'SUBMITTED' ELSE 'RESCHEDULED' END
            WHEN n % 10 IN (1, 2) THEN 'CANCELLED' WHEN n % 10 = 3 THEN 'NO_SHOW' ELSE 'ATTENDED' END AS status,
       CASE WHEN n % 10 = 0 THEN current_date + CAST(120 + (n / 10) % 60 AS integer)
            ELSE current_date - CAST(1 + (n / 10) % 1095 AS integer) END AS slot_date,
       TIME '10:00' + ((n / 7) % 18) * INTERVAL '30 minutes' AS slot_time,
       '+852' || (60000000 + (n * 7919) % 30000000)::text AS phone,
       now() - ((n / 10) % 1095) * INTERVAL '1 day' - INTERVAL '3 days' AS created_at
FROM generate_series(CAST(@FROM@ AS bigint), CAST(@TO@ AS bigint) - 1) AS n
JOIN (SELECT branch_code, treatment_code, row_number() OVER (ORDER BY branch_code, treatment_code) - 1 AS k,
             count(*) OVER () AS pairs
      FROM booking.slot_capacity) p ON p.k = n % p.pairs
JOIN booking.treatment t ON t.code = p.treatment_code;

INSERT INTO booking.registration (id, treatment_code, branch_code, slot_date, slot_time, status, free_trial, full_name,
                                  phone, email, language, marketing_opt_in, source_channel, source_campaign,
                                  manage_token_hash, created_at, updated_at, treated_at, version)
SELECT id, treatment_code, branch_code, slot_date, slot_time, status, free_trial, 'Stored Client ' || n, phone,
       'stored' || n || '@example.com', CASE WHEN n % 2 = 0 THEN 'en' ELSE 'zh-HK' END, n % 3 = 0, 'web', 'milia-guide',
       md5(n::text) || md5((n + 1)::text), created_at, created_at + INTERVAL '1 hour',
       CASE WHEN status = 'ATTENDED' THEN slot_date + slot_time END, CASE WHEN status = 'SUBMITTED' THEN 0 ELSE 1 END
FROM growth_batch;

INSERT INTO booking.consent_record (id, registration_id, terms_version, privacy_version, marketing_opt_in, channel, accepted_at)
SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(n), 12, '0'))::uuid, id, '2025-10', '2025-10', n % 3 = 0, 'web', created_at
FROM growth_batch;

INSERT INTO booking.outbox_event (id, aggregate_id, type, payload, created_at, published_at)
SELECT ('00000000-0000-4000-a000-' || lpad(to_hex(n), 12, '0'))::uuid, id, 'clinic.booking.registration.submitted.v1',
       json_build_object('specversion', '1.0', 'type', 'clinic.booking.registration.submitted.v1', 'source', '/booking',
                         'id', id, 'data', json_build_object('registrationId', id, 'status', 'SUBMITTED')),
       created_at, created_at + INTERVAL '50 milliseconds'
FROM growth_batch;

-- The active ones hold their places, as booking's counters would say.
INSERT INTO booking.slot_booking (branch_code, treatment_code, slot_date, slot_time, booked)
SELECT branch_code, treatment_code, slot_date, slot_time, count(*)
FROM growth_batch WHERE status IN ('SUBMITTED', 'RESCHEDULED')
GROUP BY branch_code, treatment_code, slot_date, slot_time
ON CONFLICT (branch_code, treatment_code, slot_date, slot_time) DO UPDATE SET booked = slot_booking.booked + EXCLUDED.booked;
