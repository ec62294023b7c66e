-- Many officials have no e-mail address: an account may sign in with a
-- username instead. `email` becomes optional, `username` is new, and every
-- account has at least one of them. Usernames never hold `@`, so the two
-- never clash and one sign-in field takes either.

ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
ALTER TABLE users ADD COLUMN username TEXT UNIQUE;
ALTER TABLE users ADD CONSTRAINT users_email_or_username
    CHECK (email IS NOT NULL OR username IS NOT NULL);
