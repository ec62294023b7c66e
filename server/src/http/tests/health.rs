use super::support::TestApp;
use app::ssr::testing::TestDb;
use http::StatusCode;

async fn answers_while_the_database_does(app: TestApp) {
    let ok = app.get("/healthz").await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.text(), "ok");
    app.state.db.close().await;
    let down = app.get("/healthz").await;
    assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        down.text().contains("cannot reach its database"),
        "{}",
        down.text()
    );
}

#[tokio::test]
async fn healthz_on_sqlite() {
    answers_while_the_database_does(TestApp::new().await).await;
}

#[tokio::test]
async fn healthz_on_postgres() {
    if let Some(db) = TestDb::postgres().await {
        answers_while_the_database_does(TestApp::with_db(db).await).await;
    }
}

/// A signed-in trainee whose session the database cannot load (it is
/// down) is told to try again — not sent to the sign-in page, and the
/// session cookie is kept for when the database is back.
async fn a_session_during_an_outage_is_kept_and_told_to_wait(app: TestApp) {
    use app::model::roles::Role;
    let id = app::ssr::testing::insert_user(
        &app.state.db,
        "outage@example.org",
        "Outage",
        &[Role::Trainee],
        None,
    )
    .await;
    let cookie = app.session_for(id).await;
    app.state.db.close().await;
    for reply in [
        app.get_as("/courses", &cookie).await,
        app.post_as("/logout", "", &cookie).await,
    ] {
        assert_eq!(
            reply.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            reply.text()
        );
        assert_eq!(reply.header("retry-after"), "5");
        assert!(reply.header("content-type").starts_with("text/html"));
        let page = reply.text();
        assert!(
            page.starts_with("<!DOCTYPE html><html lang=\"en\">"),
            "{page}"
        );
        assert!(page.contains("Please try again in a minute."), "{page}");
        assert!(
            reply.headers.get("set-cookie").is_none(),
            "the session cookie is kept"
        );
    }
}

#[tokio::test]
async fn session_outage_on_sqlite() {
    a_session_during_an_outage_is_kept_and_told_to_wait(TestApp::new().await).await;
}

#[tokio::test]
async fn session_outage_on_postgres() {
    if let Some(db) = TestDb::postgres().await {
        a_session_during_an_outage_is_kept_and_told_to_wait(TestApp::with_db(db).await).await;
    }
}
