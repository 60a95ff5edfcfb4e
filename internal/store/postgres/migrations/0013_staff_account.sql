-- A sign-in account may belong to a staff member: then the person edits
-- their own working times and absences and opens their own calendar. A
-- staff member has at most one account and an account is at most one
-- staff member. Linking is an admin's act, audited like a grant.
CREATE TABLE staff_account (
    staff_id   BIGINT PRIMARY KEY REFERENCES staff_member(id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL UNIQUE REFERENCES user_account(id) ON DELETE CASCADE,
    linked_by  TEXT NOT NULL,
    created_at TEXT NOT NULL
);
