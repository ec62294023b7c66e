use crate::commands::serve::leptos_options;
use crate::http::{assets::Assets, router};
use app::ssr::{
    config::Config,
    state::{AppState, Shared},
    testing::TestDb,
};
use axum::{body::Body, Router};
use http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use std::sync::Arc;
use tower::ServiceExt;

/// A router over a fresh database and a site root with small stand-in
/// assets (the real bundle is exercised by the end-to-end tests).
pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    _db: TestDb,
    _site: tempfile::TempDir,
}

impl TestApp {
    pub async fn new() -> TestApp {
        TestApp::with_db(TestDb::sqlite().await).await
    }

    pub async fn with_db(db: TestDb) -> TestApp {
        TestApp::configured(db, &[]).await
    }

    /// A test app with extra configuration (`LANTERN_BASE_URL`, …).
    pub async fn with_env(env: &[(&str, &str)]) -> TestApp {
        TestApp::configured(TestDb::sqlite().await, env).await
    }

    async fn configured(db: TestDb, env: &[(&str, &str)]) -> TestApp {
        let site = tempfile::tempdir().unwrap();
        let pkg = site.path().join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join("lantern.css"), "body { margin: 0 }").unwrap();
        std::fs::write(pkg.join("lantern.js"), "export default function(){}").unwrap();
        std::fs::write(pkg.join("lantern.wasm"), b"\0asm\x01\0\0\0").unwrap();
        std::fs::write(site.path().join("robots.txt"), "User-agent: *\n").unwrap();
        let config = Config::from_lookup(|k| match k {
            "LANTERN_SITE_ROOT" => Some(site.path().display().to_string()),
            "LANTERN_ADDR" => Some("127.0.0.1:0".into()),
            _ => env
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| (*v).to_string()),
        })
        .unwrap();
        let assets = Assets::load(&config.site_root).unwrap();
        let state = AppState::new(Shared {
            leptos_options: leptos_options(&config),
            db: db.db.clone(),
            config: Arc::new(config),
            assets: assets.urls().clone(),
        });
        TestApp {
            router: router(state.clone(), Arc::new(assets)),
            state,
            _db: db,
            _site: site,
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: bytes.to_vec(),
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = Request::get(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// A session for account `user_id`, as a `Cookie` header value.
    pub async fn session_for(&self, user_id: i64) -> String {
        let token = app::ssr::auth::session::start(&self.state.db, user_id, None, None)
            .await
            .unwrap();
        format!("{}={token}", app::ssr::auth::session::COOKIE)
    }

    pub async fn get_as(&self, path: &str, cookie: &str) -> Reply {
        self.get_with(path, &[("cookie", cookie)]).await
    }

    pub async fn post_as(&self, path: &str, body: &str, cookie: &str) -> Reply {
        self.send(
            Request::post(path)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", cookie)
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
    }

    pub async fn post_form(&self, path: &str, body: &str) -> Reply {
        self.send(
            Request::post(path)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("no {name} header in {:?}", self.headers))
    }
}
