//! Authoring over HTTP as a browser without JavaScript does it: a trainer
//! creates a course, previews a module with a format error (shown at its
//! line and column) and fixed (rendered as trainees will see it),
//! publishes, and a trainee finds it; a stale save comes back with both
//! texts and nothing typed lost; a trainer who is not an editor changes
//! nothing.

use super::support::TestApp;
use app::model::roles::Role;
use app::ssr::organisations;
use app::ssr::testing::insert_user;
use http::StatusCode;

/// `application/x-www-form-urlencoded` of `pairs`.
fn form(pairs: &[(&str, &str)]) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of the hidden `revision` field of the first form on a page.
fn revision(page: &str) -> String {
    let at = page
        .find("name=\"revision\" value=\"")
        .expect("a revision field")
        + 23;
    page[at..].split('"').next().unwrap().to_string()
}

fn location(reply: &super::support::Reply) -> String {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
    reply.header("location").to_string()
}

const BROKEN: &str = "+++\ntitle = \"First contact\"\nestimated_minutes = 10\n+++\n## Speaking alone\n\nSpeak to the person alone.\n\n```quiz\n? [fc-1] Who should be present?\n(x) Only the person and an interpreter they accept\n(x The employer\n```\n";

async fn people(app: &TestApp) -> (String, String, String, String) {
    let db = &app.state.db;
    let dat = organisations::create(db, "dat", "Department", None, None)
        .await
        .unwrap();
    let a = insert_user(db, "a@e.test", "Writer A", &[Role::Trainer], Some(dat)).await;
    let b = insert_user(db, "b@e.test", "Writer B", &[Role::Trainer], Some(dat)).await;
    let c = insert_user(db, "c@e.test", "Not an editor", &[Role::Trainer], Some(dat)).await;
    let t = insert_user(db, "t@e.test", "Trainee", &[Role::Trainee], Some(dat)).await;
    (
        app.session_for(a).await,
        app.session_for(b).await,
        app.session_for(c).await,
        app.session_for(t).await,
    )
}

#[tokio::test]
async fn a_trainer_writes_previews_and_publishes_without_javascript() {
    let app = TestApp::new().await;
    let (a, _, _, trainee) = people(&app).await;
    let created = app
        .post_as(
            "/author",
            &form(&[
                ("slug", "border-screening"),
                ("title", "Screening at the border"),
                ("language", "en"),
            ]),
            &a,
        )
        .await;
    assert_eq!(location(&created), "/author/border-screening?done=created");
    let ws = app.get_as("/author/border-screening", &a).await;
    assert_eq!(ws.status, StatusCode::OK);
    assert!(ws.text().contains("01-introduction.md"), "{}", ws.text());

    let file = "/author/border-screening/files/01-introduction.md";
    let page = app.get_as(file, &a).await.text();
    let saved = app
        .post_as(
            file,
            &form(&[
                ("op", "preview"),
                ("revision", &revision(&page)),
                ("text", &BROKEN.replace('\n', "\r\n")),
            ]),
            &a,
        )
        .await;
    assert_eq!(location(&saved), format!("{file}?done=previewed"));
    let page = app.get_as(file, &a).await.text();
    // The error at its place, the text kept as typed, no preview yet.
    assert!(page.contains("Line 12, column 1:"), "{page}");
    assert!(page.contains("(x The employer"), "{page}");
    assert!(!page.contains("id=\"h-speaking-alone\""), "{page}");

    let fixed = BROKEN.replace("(x The employer", "( ) The employer");
    let saved = app
        .post_as(
            file,
            &form(&[
                ("op", "preview"),
                ("revision", &revision(&page)),
                ("text", &fixed),
            ]),
            &a,
        )
        .await;
    assert_eq!(location(&saved), format!("{file}?done=previewed"));
    let page = app.get_as(file, &a).await.text();
    assert!(!page.contains("Line 12"), "{page}");
    // Rendered as the reader renders it: the heading with its anchor, the
    // question as trainees get it.
    let preview = &page[page.find("class=\"preview\"").expect("a preview")..];
    assert!(
        preview.contains("<h2 id=\"h-speaking-alone\">Speaking alone</h2>"),
        "{preview}"
    );
    assert!(preview.contains("Who should be present?"), "{preview}");
    assert!(!preview.contains("(x)"), "{preview}");

    // Not in the catalog until published.
    let catalog = app.get_as("/courses", &trainee).await.text();
    assert!(!catalog.contains("Screening at the border"));
    let ws = app.get_as("/author/border-screening", &a).await.text();
    let published = app
        .post_as(
            "/author/border-screening/publish",
            &form(&[("revision", &revision(&ws))]),
            &a,
        )
        .await;
    assert_eq!(
        location(&published),
        "/author/border-screening?done=published"
    );
    let catalog = app.get_as("/courses", &trainee).await.text();
    assert!(catalog.contains("Screening at the border"), "{catalog}");
    let module = app
        .get_as("/courses/border-screening/introduction", &trainee)
        .await;
    assert_eq!(module.status, StatusCode::OK);
    assert!(module.text().contains("Speak to the person alone."));
    // A trainee never enters the editor.
    let refused = app.get_as("/author/border-screening", &trainee).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_stale_save_shows_both_texts_and_loses_nothing() {
    let app = TestApp::new().await;
    let (a, b, c, _) = people(&app).await;
    app.post_as(
        "/author",
        &form(&[("slug", "pfa"), ("title", "PFA"), ("language", "en")]),
        &a,
    )
    .await;
    let named = app
        .post_as("/author/pfa/editors", &form(&[("email", "b@e.test")]), &a)
        .await;
    assert_eq!(location(&named), "/author/pfa?done=editor-added");
    let file = "/author/pfa/files/01-introduction.md";
    // Both open the file; A saves first.
    let seen_by_a = revision(&app.get_as(file, &a).await.text());
    let seen_by_b = revision(&app.get_as(file, &b).await.text());
    let text = |body: &str| format!("+++\ntitle = \"Intro\"\nestimated_minutes = 5\n+++\n{body}\n");
    let first = app
        .post_as(
            file,
            &form(&[
                ("op", "save"),
                ("revision", &seen_by_a),
                ("text", &text("Written by A.")),
            ]),
            &a,
        )
        .await;
    assert_eq!(location(&first), format!("{file}?done=saved"));
    let second = app
        .post_as(
            file,
            &form(&[
                ("op", "save"),
                ("revision", &seen_by_b),
                ("text", &text("Written by B.")),
            ]),
            &b,
        )
        .await;
    assert_eq!(location(&second), format!("{file}?error=stale"));
    // B's page shows both: B's text in the editor, A's as saved meanwhile.
    let page = app.get_as(&format!("{file}?error=stale"), &b).await.text();
    assert!(page.contains("Someone else saved this file"), "{page}");
    let editor_at = page.find("<textarea").unwrap();
    assert!(page[editor_at..].contains("Written by B."));
    assert!(page[..editor_at].contains("Written by A."));
    // Saving over the revision now shown works and ends the conflict.
    let merged = app
        .post_as(
            file,
            &form(&[
                ("op", "save"),
                ("revision", &revision(&page)),
                ("text", &text("Written by A and B.")),
            ]),
            &b,
        )
        .await;
    assert_eq!(location(&merged), format!("{file}?done=saved"));
    let page = app.get_as(file, &b).await.text();
    assert!(!page.contains("Someone else saved this file"));

    // A trainer who is not an editor is refused and changes nothing.
    let before: i64 = sqlx::query_scalar("SELECT SUM(revision) FROM drafts")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    let refused = app
        .post_as(
            file,
            &form(&[("op", "save"), ("revision", "0"), ("text", "x")]),
            &c,
        )
        .await;
    assert_eq!(location(&refused), format!("{file}?error=forbidden"));
    let after: i64 = sqlx::query_scalar("SELECT SUM(revision) FROM drafts")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(before, after);
    let conflicts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM draft_conflicts")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(conflicts, 0);
}

fn picture_upload(name: &str, bytes: &[u8]) -> Vec<u8> {
    [
        format!(
            "--b0und\r\nContent-Disposition: form-data; name=\"image\"; filename=\"{name}\"\r\n\
             Content-Type: image/png\r\n\r\n"
        )
        .as_bytes(),
        bytes,
        b"\r\n--b0und--\r\n",
    ]
    .concat()
}

async fn upload(app: &TestApp, cookie: &str, body: Vec<u8>) -> String {
    let reply = app
        .send(
            http::Request::post("/author/maps/images")
                .header("content-type", "multipart/form-data; boundary=b0und")
                .header("cookie", cookie)
                .body(axum::body::Body::from(body))
                .unwrap(),
        )
        .await;
    location(&reply)
}

#[tokio::test]
async fn pictures_are_checked_from_their_bytes_and_shown_in_the_preview() {
    let app = TestApp::new().await;
    let (a, _, c, _) = people(&app).await;
    app.post_as(
        "/author",
        &form(&[("slug", "maps"), ("title", "Maps"), ("language", "en")]),
        &a,
    )
    .await;
    let png = app::ssr::content::pictures::png_header(640, 480, b"-a-border-map");
    assert_eq!(
        upload(&app, &a, picture_upload("Border Map.PNG", &png)).await,
        "/author/maps?done=image-added"
    );
    // Named like a picture, but not one: refused, nothing stored.
    let media_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM media")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(
        upload(
            &app,
            &a,
            picture_upload("evil.png", b"<svg onload=alert(1)>")
        )
        .await,
        "/author/maps?error=not-an-image"
    );
    let mut big = app::ssr::content::pictures::png_header(640, 480, b"");
    big.resize(2 * 1024 * 1024 + 1, 0);
    assert_eq!(
        upload(&app, &a, picture_upload("big.png", &big)).await,
        "/author/maps?error=too-large"
    );
    // A few bytes that would decode to 50,000 × 50,000 pixels.
    let bomb = app::ssr::content::pictures::png_header(50_000, 50_000, b"");
    assert_eq!(
        upload(&app, &a, picture_upload("bomb.png", &bomb)).await,
        "/author/maps?error=pixels"
    );
    // Not an editor: refused.
    assert_eq!(
        upload(&app, &c, picture_upload("other.png", &png)).await,
        "/author/maps?error=forbidden"
    );
    let media_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM media")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(media_before, media_after);
    let ws = app.get_as("/author/maps", &a).await.text();
    assert!(ws.contains("![…](images/border-map.png)"), "{ws}");

    // The Markdown shows it: the preview points at the stored bytes.
    let file = "/author/maps/files/01-introduction.md";
    let page = app.get_as(file, &a).await.text();
    let text = "+++\ntitle = \"Maps\"\nestimated_minutes = 5\n+++\n![The northern border crossings](images/border-map.png)\n";
    app.post_as(
        file,
        &form(&[
            ("op", "preview"),
            ("revision", &revision(&page)),
            ("text", text),
        ]),
        &a,
    )
    .await;
    let page = app.get_as(file, &a).await.text();
    let hash = app::ssr::content::content_hash_bytes(&png);
    assert!(page.contains(&format!("/media/{hash}.png")), "{page}");
    assert!(
        page.contains("alt=\"The northern border crossings\""),
        "{page}"
    );
}
