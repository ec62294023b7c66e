//! Every internal URL the code links to or redirects to, built in one
//! place. Pages, components and the server's handlers call these instead of
//! writing `format!("/…")`, so a path is spelled once and a link cannot
//! drift from its route. (The route patterns themselves are declared where
//! the routers are: `app.rs` for pages, `server/src/http/mod.rs` for form
//! posts and downloads.)
//!
//! The URLs are contracts — printed on certificates, bookmarked, used by
//! scripts — so they are extended, never renamed.
//!
//! Path segments passed in are slugs, certificate codes and numeric ids,
//! which contain no reserved characters; free text in a query string goes
//! through [`query_value`].

use std::fmt::Display;

pub const HOME: &str = "/";
pub const LOGIN: &str = "/login";
/// Register into a cohort with its join code (or, signed in, join it).
pub const JOIN: &str = "/join";
/// The second step of signing in: a code from the authenticator app.
pub const LOGIN_CODE: &str = "/login/code";
pub const LOGOUT: &str = "/logout";
pub const LANGUAGE: &str = "/language";
pub const COURSES: &str = "/courses";
pub const CERTIFICATES: &str = "/certificates";
pub const CERTIFICATE_BATCHES: &str = "/certificates/batches";
pub const VERIFY: &str = "/verify";
pub const ACCOUNT: &str = "/account";
pub const ACCOUNT_PASSWORD: &str = "/account/password";
/// Enrolling (and the state of) the signed-in user's second factor.
pub const ACCOUNT_SECOND_FACTOR: &str = "/account/second-factor";
/// Deployment-wide security settings (administrators).
pub const ADMIN_SECURITY: &str = "/admin/security";
/// Everything Lantern holds about the signed-in user, as JSON.
pub const ACCOUNT_DATA: &str = "/account/data.json";
pub const ADMIN_USERS: &str = "/admin/users";
pub const NEW_PERSON: &str = "/admin/users/new";
pub const ADMIN_ORGANISATIONS: &str = "/admin/organisations";
pub const ADMIN_CERTIFICATES: &str = "/admin/certificates";
pub const ADMIN_AUDIT: &str = "/admin/audit";
/// The completion report (ministries, trainers, admins); its exports take
/// the same query string.
pub const REPORTS: &str = "/reports";
pub const REPORTS_CSV: &str = "/reports/completions.csv";
pub const REPORTS_XLSX: &str = "/reports/completions.xlsx";
pub const REPORTS_PDF: &str = "/reports/completions.pdf";
/// Large downloads built in the background, and their progress.
pub const REPORTS_EXPORTS: &str = "/reports/exports";

/// `/reports/exports/{id}.{format}`: a finished background export.
pub fn report_export(id: i64, format: &str) -> String {
    format!("{REPORTS_EXPORTS}/{id}.{format}")
}
pub const REPORTS_DASHBOARD: &str = "/reports/dashboard";
pub const REPORTS_GAIN: &str = "/reports/gain";
/// How a course's final-assessment questions perform (item analysis).
pub const REPORTS_QUESTIONS: &str = "/reports/questions";
/// Cohorts (workshop batches): the list, and one at `/cohorts/{id}`.
pub const COHORTS: &str = "/cohorts";
/// The issuer profile with the public keys certificates are signed with.
pub const ISSUER: &str = "/issuer.json";

/// `/courses/{slug}`: a course's page.
pub fn course(slug: &str) -> String {
    format!("{COURSES}/{slug}")
}

/// `/courses/{course}/{module}`: a module in the reader.
pub fn module(course: &str, module: &str) -> String {
    format!("{COURSES}/{course}/{module}")
}

/// `POST /courses/{course}/{module}/done`: mark a module as done.
pub fn module_done(course: &str, module: &str) -> String {
    format!("{}/done", self::module(course, module))
}

/// `POST /courses/{course}/{module}/check`: send a knowledge check.
pub fn module_check(course: &str, module: &str) -> String {
    format!("{}/check", self::module(course, module))
}

/// `/courses/{slug}/assessment`: the assessment overview.
pub fn assessment(course: &str) -> String {
    format!("{COURSES}/{course}/assessment")
}

/// `POST /courses/{slug}/assessment/start`.
pub fn assessment_start(course: &str) -> String {
    format!("{}/start", assessment(course))
}

/// `/courses/{slug}/assessment/{id}`: an attempt (paper or result); also
/// where the paper is posted.
pub fn attempt(course: &str, id: i64) -> String {
    format!("{}/{id}", assessment(course))
}

/// `POST /courses/{slug}/assessment/{id}/save`: autosave.
pub fn attempt_save(course: &str, id: i64) -> String {
    format!("{}/save", attempt(course, id))
}

/// `/verify/{code}`: the public verification page (printed as the QR code).
pub fn verify(code: &str) -> String {
    format!("{VERIFY}/{code}")
}

/// `/verify/{code}.json`: the signed Open Badges credential.
pub fn credential(code: &str) -> String {
    format!("{VERIFY}/{code}.json")
}

/// `/certificates/{code}.pdf`.
pub fn certificate_pdf(code: &str) -> String {
    format!("{CERTIFICATES}/{code}.pdf")
}

/// `/certificates/batches/{id}.zip`.
pub fn batch_zip(id: i64) -> String {
    format!("{CERTIFICATE_BATCHES}/{id}.zip")
}

/// `/admin/certificates?id={code}`: an administrator's record of one.
pub fn admin_certificate(code: &str) -> String {
    format!("{ADMIN_CERTIFICATES}?id={}", query_value(code))
}

/// `POST /admin/certificates/{code}/revoke`.
pub fn revoke_certificate(code: &str) -> String {
    format!("{ADMIN_CERTIFICATES}/{code}/revoke")
}

/// `/admin/audit?before={id}`: an older page of the audit log.
pub fn audit_before(id: i64) -> String {
    format!("{ADMIN_AUDIT}?before={id}")
}

/// `/admin/users/{id}`: one account (also where its form posts).
pub fn person(id: i64) -> String {
    format!("{ADMIN_USERS}/{id}")
}

/// `POST /admin/users/{id}/reset-link`.
pub fn person_reset_link(id: i64) -> String {
    format!("{}/reset-link", person(id))
}

/// An administrator resets account `id`'s second factor.
pub fn person_second_factor_reset(id: i64) -> String {
    format!("{}/second-factor/reset", person(id))
}

/// `POST /admin/users/{id}/disable`.
pub fn person_disable(id: i64) -> String {
    format!("{}/disable", person(id))
}

/// `POST /admin/users/{id}/enable`.
pub fn person_enable(id: i64) -> String {
    format!("{}/enable", person(id))
}

/// `POST /admin/users/{id}/anonymise`.
pub fn person_anonymise(id: i64) -> String {
    format!("{}/anonymise", person(id))
}

/// `/admin/users?org={slug}`: the people of an organisation and below.
pub fn people_of(org: &str) -> String {
    format!("{ADMIN_USERS}?org={}", query_value(org))
}

/// `POST /admin/organisations/{id}`: rename or move an organisation.
pub fn organisation(id: i64) -> String {
    format!("{ADMIN_ORGANISATIONS}/{id}")
}

/// `/reset/{token}`: a password set-up or reset link.
pub fn reset(token: &str) -> String {
    format!("/reset/{token}")
}

/// `/media/{file}`: an image imported with a course.
pub fn media(file: &str) -> String {
    format!("/media/{file}")
}

/// `/pkg/{file}`: a built, content-hashed asset.
pub fn asset(file: &str) -> String {
    format!("/pkg/{file}")
}

/// `/login?next={path}`: sign in, then go back to `path`.
pub fn login_then(next: &str) -> String {
    format!("{LOGIN}?next={}", query_value(next))
}

/// `path` with `#fragment`.
pub fn with_fragment(path: &str, fragment: &str) -> String {
    format!("{path}#{fragment}")
}

/// `path` with `?key=value&…` appended (or `&…` when it has a query
/// already); values are percent-encoded.
pub fn with_query<V: Display>(path: &str, pairs: &[(&str, V)]) -> String {
    let mut out = path.to_string();
    for (key, value) in pairs {
        out.push(if out.contains('?') { '&' } else { '?' });
        out.push_str(key);
        out.push('=');
        out.push_str(&query_value(&value.to_string()));
    }
    out
}

/// Percent-encodes a value for a query string (`/` is kept, so a local
/// path stays readable in `?next=`).
pub fn query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(char::from(b));
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `/author`: the courses the caller edits, and a new course (POST).
pub const AUTHOR: &str = "/author";

/// `/author/{course}`: a course's workspace — its files, drafts,
/// publication, approval and editors.
pub fn author_course(course: &str) -> String {
    format!("{AUTHOR}/{course}")
}

/// `/author/{course}/modules`: add, move or retire a module (POST).
pub fn author_modules(course: &str) -> String {
    format!("{AUTHOR}/{course}/modules")
}

/// `/author/{course}/publish`: publish the drafts as they were seen (POST).
pub fn author_publish(course: &str) -> String {
    format!("{AUTHOR}/{course}/publish")
}

/// `/author/{course}/approve`: approve the drafts as they were seen (POST).
pub fn author_approve(course: &str) -> String {
    format!("{AUTHOR}/{course}/approve")
}

/// `/author/{course}/editors`: name an editor, four-eyes on or off (POST).
pub fn author_editors(course: &str) -> String {
    format!("{AUTHOR}/{course}/editors")
}

/// `/author/{course}/images`: upload a picture (POST, multipart).
pub fn author_images(course: &str) -> String {
    format!("{AUTHOR}/{course}/images")
}

/// Whether `path` is a picture upload (its body may be up to 2 MB).
pub fn is_image_upload(path: &str) -> bool {
    path.strip_prefix(AUTHOR)
        .and_then(|rest| rest.strip_prefix('/'))
        .and_then(|rest| rest.strip_suffix("/images"))
        .is_some_and(|course| !course.is_empty() && !course.contains('/'))
}

/// `/author/{course}/files/{file}`: one Markdown file in the editor (GET),
/// saved, previewed or discarded (POST). File names are `content/` names
/// (`03-first-contact.th.md`): no character needs escaping.
pub fn author_file(course: &str, file: &str) -> String {
    format!("{AUTHOR}/{course}/files/{file}")
}

/// `/author/{course}/files/{file}/history`: its published versions.
pub fn author_history(course: &str, file: &str) -> String {
    format!("{AUTHOR}/{course}/files/{file}/history")
}

/// The history with the diff of version `from` → `to`.
pub fn author_diff(course: &str, file: &str, from: i64, to: i64) -> String {
    format!("{AUTHOR}/{course}/files/{file}/history?from={from}&to={to}#diff")
}

/// `/author/{course}/files/{file}/rollback`: make an earlier version the
/// draft (POST).
pub fn author_rollback(course: &str, file: &str) -> String {
    format!("{AUTHOR}/{course}/files/{file}/rollback")
}

/// `/cohorts/{id}`: one cohort's page (and its details form).
pub fn cohort(id: i64) -> String {
    format!("{COHORTS}/{id}")
}

/// `/cohorts/{id}/members`: add or remove a trainee.
pub fn cohort_members(id: i64) -> String {
    format!("{COHORTS}/{id}/members")
}

/// `/cohorts/{id}/trainers`: add or remove a trainer.
pub fn cohort_trainers(id: i64) -> String {
    format!("{COHORTS}/{id}/trainers")
}

/// `/cohorts/{id}/attendance`: who attended a session day.
pub fn cohort_attendance(id: i64) -> String {
    format!("{COHORTS}/{id}/attendance")
}

/// `/cohorts/{id}/sessions`: add or remove a face-to-face session day.
pub fn cohort_sessions(id: i64) -> String {
    format!("{COHORTS}/{id}/sessions")
}

/// `/cohorts/{id}/roster`: upload a roster (POST), and its preview (GET,
/// `?upload=N`).
pub fn cohort_roster(id: i64) -> String {
    format!("{COHORTS}/{id}/roster")
}

/// The preview of upload `upload`.
pub fn cohort_roster_preview(id: i64, upload: i64) -> String {
    format!("{COHORTS}/{id}/roster?upload={upload}")
}

/// `/cohorts/{id}/sign-in-sheets`: print sign-in sheets (POST: it issues
/// links).
pub fn cohort_sheets(id: i64) -> String {
    format!("{COHORTS}/{id}/sign-in-sheets")
}

/// `/cohorts/{id}/progress`: the cohort dashboard.
pub fn cohort_progress(id: i64) -> String {
    format!("{COHORTS}/{id}/progress")
}

/// The dashboard as CSV (`format` `csv`) or XLSX (`xlsx`), with its query.
pub fn cohort_progress_file(id: i64, format: &str, course: &str, sort: &str, dir: &str) -> String {
    with_query(
        &format!("{COHORTS}/{id}/progress.{format}"),
        &[("course", course), ("sort", sort), ("dir", dir)],
    )
}

/// `/cohorts/{id}/join-codes`: make or revoke a join code.
pub fn cohort_join_codes(id: i64) -> String {
    format!("{COHORTS}/{id}/join-codes")
}

/// `/cohorts/{id}/roster/import`: import a previewed upload.
pub fn cohort_roster_import(id: i64) -> String {
    format!("{COHORTS}/{id}/roster/import")
}

/// Whether `path` is a roster upload, whose body may be larger than a form's.
pub fn is_roster_upload(path: &str) -> bool {
    path.strip_prefix(COHORTS)
        .and_then(|rest| rest.strip_prefix('/'))
        .and_then(|rest| rest.strip_suffix("/roster"))
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shapes printed on certificates and used by scripts.
    #[test]
    fn contract_paths_keep_their_shape() {
        assert_eq!(verify("LNT-1"), "/verify/LNT-1");
        assert_eq!(credential("LNT-1"), "/verify/LNT-1.json");
        assert_eq!(certificate_pdf("LNT-1"), "/certificates/LNT-1.pdf");
        assert_eq!(module("c", "m"), "/courses/c/m");
        assert_eq!(module_done("c", "m"), "/courses/c/m/done");
        assert_eq!(attempt("c", 7), "/courses/c/assessment/7");
        assert_eq!(attempt_save("c", 7), "/courses/c/assessment/7/save");
        assert_eq!(person_anonymise(3), "/admin/users/3/anonymise");
        assert_eq!(batch_zip(2), "/certificates/batches/2.zip");
    }

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(
            login_then("/courses?x=1&y"),
            "/login?next=/courses%3Fx%3D1%26y"
        );
        assert_eq!(
            with_query("/admin/users/1", &[("done", "created"), ("reveal", "a b")]),
            "/admin/users/1?done=created&reveal=a%20b"
        );
        assert_eq!(with_query("/x?a=1", &[("b", 2)]), "/x?a=1&b=2");
        assert_eq!(query_value("ก"), "%E0%B8%81");
    }
}
