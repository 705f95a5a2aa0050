-- The PSD2 redirect flow: the provider's consent reference (a credential for account access: AES-GCM encrypted,
-- never in clear in the database), the one-time state of an authorisation in progress (only its SHA-256 is kept,
-- bound to the consent and to the user who started it, with an expiry), the validity asked for, and which expiry
-- notices were published (14, then 7 days ahead) so the job publishes each once.
ALTER TABLE consent
    ADD COLUMN provider_ref_enc          text,
    ADD COLUMN pending_provider_ref_enc  text,
    ADD COLUMN state_hash                char(64),
    ADD COLUMN state_actor               varchar(128),
    ADD COLUMN state_expires_at          timestamptz,
    ADD COLUMN requested_valid_until     date,
    ADD COLUMN authorised_at             timestamptz,
    ADD COLUMN expiry_notice_days        integer;
CREATE UNIQUE INDEX consent_state_hash ON consent (state_hash) WHERE state_hash IS NOT NULL;
