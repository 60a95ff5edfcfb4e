-- Access and privacy: staff accounts, roles granted for an organisation or
-- a point, sessions, API tokens, failed sign-ins for rate limiting, the
-- append-only audit log, and customer records with consents.
-- Times are UTC text of one fixed width (2006-01-02T15:04:05.000000Z), so
-- comparing them as text compares them as times.
-- Secrets (session ids, API tokens) are stored only as SHA-256 hashes.
-- A customer's identity code is stored as a keyed hash for lookup and
-- encrypted (AES-GCM) with a key from configuration, never in plain text.

CREATE TABLE user_account (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email               TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND email LIKE '%_@_%'),
    name                TEXT NOT NULL DEFAULT '',
    password_hash       TEXT NOT NULL DEFAULT '',
    disabled            BOOLEAN NOT NULL DEFAULT FALSE,
    created_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL DEFAULT ''
);

CREATE TABLE role_grant (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id         BIGINT NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('admin','org_admin','point_manager','staff','interpreter','analyst')),
    organisation_id BIGINT REFERENCES organisation(id),
    point_id        BIGINT REFERENCES service_point(id),
    granted_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    CHECK (organisation_id IS NULL OR point_id IS NULL)
);
CREATE UNIQUE INDEX role_grant_unique ON role_grant(user_id, role, COALESCE(organisation_id, 0), COALESCE(point_id, 0));
CREATE INDEX role_grant_organisation ON role_grant(organisation_id);

-- An account's identity at an organisation's OpenID Connect provider.
CREATE TABLE user_identity (
    issuer     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    user_id    BIGINT NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (issuer, subject)
);

CREATE TABLE user_session (
    id_hash      TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX user_session_user ON user_session(user_id);
CREATE INDEX user_session_expires ON user_session(expires_at);

CREATE TABLE api_token (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            TEXT NOT NULL,
    secret_hash     TEXT NOT NULL UNIQUE,
    role            TEXT NOT NULL CHECK (role IN ('admin','org_admin','point_manager','staff','interpreter','analyst')),
    organisation_id BIGINT REFERENCES organisation(id),
    point_id        BIGINT REFERENCES service_point(id),
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    last_used_at    TEXT NOT NULL DEFAULT '',
    revoked_at      TEXT NOT NULL DEFAULT ''
);

-- Failed sign-ins, keyed by account ("account:<e-mail>") and by address
-- ("addr:<ip>"); counted over a window to slow down password guessing on
-- every instance alike.
CREATE TABLE signin_failure (
    id  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key TEXT NOT NULL,
    at  TEXT NOT NULL
);
CREATE INDEX signin_failure_key ON signin_failure(key, at);

-- Every read and change of personal data, every permission change and
-- every denied attempt. Rows are never updated or deleted.
CREATE TABLE audit_log (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at                   TEXT NOT NULL,
    actor                TEXT NOT NULL,
    actor_user_id        BIGINT,
    organisation         TEXT NOT NULL DEFAULT '',
    action               TEXT NOT NULL,
    subject_kind         TEXT NOT NULL DEFAULT '',
    subject              TEXT NOT NULL DEFAULT '',
    subject_organisation TEXT NOT NULL DEFAULT '',
    purpose              TEXT NOT NULL DEFAULT '',
    request_id           TEXT NOT NULL DEFAULT '',
    outcome              TEXT NOT NULL CHECK (outcome IN ('ok','denied'))
);
CREATE INDEX audit_log_organisation ON audit_log(organisation, id);
CREATE INDEX audit_log_subject_organisation ON audit_log(subject_organisation, id);
CREATE INDEX audit_log_subject ON audit_log(subject_kind, subject);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- A customer record belongs to the organisation that recorded it (the
-- controller of the data). public_id is random, so ids cannot be guessed.
CREATE TABLE customer (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       TEXT NOT NULL UNIQUE,
    organisation_id BIGINT NOT NULL REFERENCES organisation(id),
    name            TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    language        TEXT NOT NULL DEFAULT '',
    needs           TEXT NOT NULL DEFAULT '',
    identity_lookup TEXT,
    identity_sealed TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    erased_at       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX customer_organisation ON customer(organisation_id);
CREATE INDEX customer_identity ON customer(identity_lookup);
CREATE INDEX customer_updated ON customer(updated_at);

-- A customer's consent that another organisation may read their record
-- (for a joint visit).
CREATE TABLE consent (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id     BIGINT NOT NULL REFERENCES customer(id),
    organisation_id BIGINT NOT NULL REFERENCES organisation(id),
    purpose         TEXT NOT NULL,
    recorded_by     TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    withdrawn_at    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consent_customer ON consent(customer_id);
