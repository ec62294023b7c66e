-- Authoring in the browser. A version keeps the Markdown it was made from
-- (what `lantern export` writes back and the editor starts from), who
-- published it and who approved it. NULL source: imported before this
-- migration; the next import of the same file fills it in.
ALTER TABLE course_texts ADD COLUMN source TEXT;
ALTER TABLE course_texts ADD COLUMN published_by INTEGER REFERENCES users (id);
ALTER TABLE course_texts ADD COLUMN approved_by INTEGER REFERENCES users (id);
ALTER TABLE module_versions ADD COLUMN source TEXT;
ALTER TABLE module_versions ADD COLUMN published_by INTEGER REFERENCES users (id);
ALTER TABLE module_versions ADD COLUMN approved_by INTEGER REFERENCES users (id);
ALTER TABLE assessments ADD COLUMN source TEXT;
ALTER TABLE assessments ADD COLUMN published_by INTEGER REFERENCES users (id);
ALTER TABLE assessments ADD COLUMN approved_by INTEGER REFERENCES users (id);

-- A course's pictures by the path its Markdown names them with
-- (`images/map.png`); the bytes are in `media`, shared by hash.
CREATE TABLE course_images (
    course_id   INTEGER NOT NULL REFERENCES courses (id),
    path        TEXT    NOT NULL,
    hash        TEXT    NOT NULL REFERENCES media (hash),
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (course_id, path)
);

-- Who may change a course in the browser besides admins. `four_eyes`: a
-- draft needs another editor's approval before it is published.
-- `draft_revision` counts changes to the course's drafts, so an approval
-- names exactly the drafts it saw.
ALTER TABLE courses ADD COLUMN four_eyes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE courses ADD COLUMN draft_revision BIGINT NOT NULL DEFAULT 0;

CREATE TABLE course_editors (
    course_id  INTEGER NOT NULL REFERENCES courses (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    added_by   INTEGER REFERENCES users (id),
    added_at   BIGINT  NOT NULL,
    PRIMARY KEY (course_id, user_id)
);

-- Changes to a course's files, one row per file of its `content/` folder
-- (`03-first-contact.th.md`), pending until published. NULL text: the file
-- is removed (a module retired). `revision` grows with every save,
-- discard and publication and is never reset, so a save naming an older
-- one is refused (no lost updates, even across a publication).
CREATE TABLE drafts (
    id          INTEGER PRIMARY KEY,
    course_id   INTEGER NOT NULL REFERENCES courses (id),
    file        TEXT    NOT NULL,
    text        TEXT,
    revision    BIGINT  NOT NULL,
    pending     BIGINT  NOT NULL DEFAULT 1,
    updated_by  INTEGER NOT NULL REFERENCES users (id),
    updated_at  BIGINT  NOT NULL,
    UNIQUE (course_id, file)
);

-- An editor's approval of a course's drafts as they stood at
-- `draft_revision` (four-eyes).
CREATE TABLE draft_approvals (
    course_id       INTEGER NOT NULL REFERENCES courses (id),
    draft_revision  BIGINT  NOT NULL,
    approved_by     INTEGER NOT NULL REFERENCES users (id),
    approved_at     BIGINT  NOT NULL,
    PRIMARY KEY (course_id, draft_revision, approved_by)
);

-- A save refused as stale, kept for the editor who typed it — nothing
-- typed is lost — and shown beside what was saved meanwhile until they
-- save again.
CREATE TABLE draft_conflicts (
    course_id  INTEGER NOT NULL REFERENCES courses (id),
    file       TEXT    NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    text       TEXT    NOT NULL,
    at         BIGINT  NOT NULL,
    PRIMARY KEY (course_id, file, user_id)
);
