//! The assessment over HTTP on the repository's own `content/`: the
//! pre-test comes first, a page never carries the key before its attempt
//! is submitted, autosave fills the form again, and a double submit
//! records one attempt.

use super::courses::with_content;
use http::StatusCode;
use sqlx::Row;

const BASE: &str = "/courses/identification-basics/assessment";

/// Texts only the key holds: explanations (and the hotline number, the
/// short answer's accepted answer, which no question text contains).
const SECRETS: [&str; 4] = [
    "Protection comes first: a person who is safe",
    "Debt bondage and confiscated documents are indicators",
    "An interpreter linked to the employer",
    "answers around the clock",
];

#[tokio::test]
async fn pretest_first_no_key_in_the_page_autosave_and_one_attempt_per_submit() {
    let (app, cookie) = with_content().await;
    let overview = app.get_as(BASE, &cookie).await;
    assert_eq!(overview.status, StatusCode::OK);
    let text = overview.text();
    assert!(text.contains("Pass mark: 60%"), "{text}");
    assert!(text.contains("5 questions"));
    assert!(text.contains("Take the pre-test"));

    // The final is refused while the pre-test is due.
    let refused = app
        .post_as(&format!("{BASE}/start"), "purpose=final", &cookie)
        .await;
    assert_eq!(
        refused.header("location"),
        format!("{BASE}?error=pretest-due")
    );

    let started = app
        .post_as(&format!("{BASE}/start"), "purpose=pretest", &cookie)
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER);
    let location = started.header("location").to_string();
    let again = app
        .post_as(&format!("{BASE}/start"), "purpose=pretest", &cookie)
        .await;
    assert_eq!(
        again.header("location"),
        location,
        "a double click opens one attempt"
    );

    let page = app.get_as(&location, &cookie).await.text();
    assert!(page.contains("Pre-test: see what you know"));
    assert!(page.contains("Send my answers"));
    assert_eq!(page.matches("<fieldset class=\"question\">").count(), 5);
    for secret in SECRETS {
        assert!(
            !page.contains(secret),
            "the key leaked into the page: {secret}"
        );
    }
    assert!(!page.contains("correct"), "no marker of a right option");
    assert!(page.contains("role=\"timer\""), "the time left is shown");
    // Nor does the server function that serves the attempt.
    let id = location.rsplit('/').next().unwrap();
    let json = app
        .post_as(
            "/api/assessment/attempt",
            &format!("course=identification-basics&attempt={id}"),
            &cookie,
        )
        .await
        .text();
    assert!(json.contains("\"Open\""), "{json}");
    for secret in SECRETS {
        assert!(
            !json.contains(secret),
            "the key leaked into the response: {secret}"
        );
    }
    assert!(
        !json.contains("correct") && !json.contains("1300"),
        "{json}"
    );

    // Autosave keeps an answer; the form shows it again. (What the first
    // question is depends on this attempt's draw.)
    let (save, shown) = if page.contains(r#"name="q0" value="1""#) {
        ("q0=1", r#"name="q0" value="1" checked"#)
    } else if page.contains(r#"name="q0_1""#) && page.contains(r#"type="checkbox" id="q0-1""#) {
        ("q0_1=on", r#"name="q0_1" checked"#)
    } else if page.contains(r#"id="q0-text""#) {
        ("q0=saved-text", r#"value="saved-text""#)
    } else {
        ("q0_0=1", r#"value="1" selected"#)
    };
    let saved = app
        .post_as(
            &format!("{location}/save"),
            &format!("{save}&seed=9"),
            &cookie,
        )
        .await;
    assert_eq!(saved.status, StatusCode::NO_CONTENT);
    let refilled = app.get_as(&location, &cookie).await.text();
    assert!(
        refilled.contains(shown),
        "saved answer {save} shown as {shown}"
    );

    // Submitting twice (a double click, a replay) records one result.
    let first = app.post_as(&location, "q0=1", &cookie).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(first.header("location"), format!("{location}#result"));
    let second = app.post_as(&location, "q0=0", &cookie).await;
    assert_eq!(second.header("location"), format!("{location}#result"));
    let attempts: i64 = sqlx::query("SELECT COUNT(*) AS n FROM assessment_attempts")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
        .get("n");
    assert_eq!(attempts, 1);
    let late_save = app
        .post_as(&format!("{location}/save"), "q0=2", &cookie)
        .await;
    assert_eq!(
        late_save.status,
        StatusCode::CONFLICT,
        "a submitted attempt takes no answers"
    );

    // The pre-test's result: the score, never the key (the same pool makes
    // the final).
    let result = app.get_as(&location, &cookie).await.text();
    assert!(result.contains("before the course"), "{result}");
    assert!(result.contains("Start the course"));
    assert!(
        result.contains("The pre-test shows your score only"),
        "{result}"
    );
    assert!(
        !result.contains("verdict correct") && !result.contains("verdict incorrect"),
        "not even which questions were right: {result}"
    );
    for secret in SECRETS {
        assert!(
            !result.contains(secret),
            "a pre-test shows no key: {secret}"
        );
    }

    // Now the final is open, and the overview lists the pre-test.
    let overview = app.get_as(BASE, &cookie).await.text();
    assert!(overview.contains("Start the assessment"));
    assert!(overview.contains(&location));
}

#[tokio::test]
async fn another_users_attempt_is_not_found() {
    let (app, cookie) = with_content().await;
    let started = app
        .post_as(&format!("{BASE}/start"), "purpose=pretest", &cookie)
        .await;
    let location = started.header("location").to_string();
    let other = app::ssr::testing::insert_user(
        &app.state.db,
        "other@e.test",
        "Other",
        &[app::model::roles::Role::Trainee],
        None,
    )
    .await;
    let other = app.session_for(other).await;
    assert_eq!(
        app.get_as(&location, &other).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_as(&location, "q0=1", &other).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_as(&format!("{location}/save"), "q0=1", &other)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
