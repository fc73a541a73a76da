-- A new registration looks up the person's earlier opt-out by phone or e-mail on every booking event: without
-- these the lookup scans every contact. Partial, since only the few opted-out rows are ever looked for.
CREATE INDEX registration_contact_opted_out_phone_idx ON registration_contact (phone) WHERE opted_out_at IS NOT NULL;
CREATE INDEX registration_contact_opted_out_email_idx ON registration_contact (email) WHERE opted_out_at IS NOT NULL;
