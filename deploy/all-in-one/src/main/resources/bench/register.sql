-- The statements one POST /api/v1/registrations runs in its transaction (RegistrationService.register,
-- SlotRepository.reserve, OutboxWriter.append), in its order, straight against booking's schema: registration
-- (the one-active-free-trial-per-phone index is the duplicate check), slot counter upsert, consent, outbox row with
-- the request's traceparent, commit. Phones are drawn from a 63-bit range (longer than real ones) so that no two
-- transactions collide on that index.
\set i random(1, 9000000000000000000)
\set d random(0, 3649)
\set t random(0, 19)
BEGIN;
INSERT INTO registration (id, treatment_code, branch_code, slot_date, slot_time, status, free_trial, full_name, phone, email, language, marketing_opt_in, source_channel, source_campaign, manage_token_hash, created_at, updated_at, version) VALUES (gen_random_uuid(), 'acne-treatment-trial', 'causeway-bay', DATE '2030-01-01' + CAST(:d AS integer), TIME '09:00' + CAST(:t AS integer) * INTERVAL '30 minutes', 'SUBMITTED', true, 'Bench Client', '+852' || CAST(:i AS text), 'bench' || CAST(:i AS text) || '@example.com', 'en', false, 'web', 'milia-guide', md5(CAST(:i AS text)) || md5(CAST(:d AS text)), now(), now(), 0) RETURNING id AS reg_id \gset
INSERT INTO slot_booking (branch_code, treatment_code, slot_date, slot_time, booked) VALUES ('causeway-bay', 'acne-treatment-trial', DATE '2030-01-01' + CAST(:d AS integer), TIME '09:00' + CAST(:t AS integer) * INTERVAL '30 minutes', 1) ON CONFLICT (branch_code, treatment_code, slot_date, slot_time) DO UPDATE SET booked = slot_booking.booked + 1 WHERE slot_booking.booked < 1000000;
INSERT INTO consent_record (id, registration_id, terms_version, privacy_version, marketing_opt_in, channel, accepted_at) VALUES (gen_random_uuid(), CAST(:reg_id AS uuid), '2025-10', '2025-10', false, 'web', now());
INSERT INTO outbox_event (id, aggregate_id, type, payload, created_at, trace_parent) VALUES (gen_random_uuid(), CAST(:reg_id AS uuid), 'clinic.booking.registration.submitted.v1', CAST('@PAYLOAD@' AS json), now(), '00-' || md5(CAST(:i AS text)) || '-' || substr(md5(CAST(:d AS text)), 1, 16) || '-00');
END;
