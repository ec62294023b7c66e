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
