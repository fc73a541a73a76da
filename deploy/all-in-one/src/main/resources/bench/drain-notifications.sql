-- Due WhatsApp confirmations for the drain workload, as notification-service's Scheduling would write them
-- (status SCHEDULED, due now, rendered text kept in the row), marked by step @STEP@ (the counted run, or its
-- warm-up). Rows @FROM@ to @TO@ - 1 of one numbering, so ids and numbers never repeat across the two; distinct HK
-- mobile numbers; the provider stub answers each send with 200.
INSERT INTO notification.notification (id, registration_id, type, step, channel, recipient, locale, subject, body_text,
                                       body_html, promotional, due_at, status, attempts, created_at, updated_at, dedupe_key)
SELECT ('00000000-0000-4000-b000-' || lpad(to_hex(n), 12, '0'))::uuid, r.id, 'CONFIRMATION', @STEP@, 'WHATSAPP',
       '+852' || (60000000 + (n * 7919) % 30000000)::text, 'en',
       'Your appointment is booked: Acne Treatment (free trial)', @TEXT@, NULL, false,
       now() - INTERVAL '1 second', 'SCHEDULED', 0, now(), now(), r.id || ':CONFIRMATION:' || @STEP@ || ':WHATSAPP'
FROM generate_series(CAST(@FROM@ AS bigint), CAST(@TO@ AS bigint) - 1) AS n,
     LATERAL (SELECT ('00000000-0000-4000-c000-' || lpad(to_hex(n), 12, '0'))::uuid AS id) r;
