//! `lantern dev seed`: a database filled with realistic generated data at
//! national scale, to measure the reports against (docs/benchmarks.md) and
//! to demonstrate them. Generated, never real: seeded accounts have no
//! usable password and `example.invalid` addresses.
//!
//! - an organisation tree: ministries → departments → one unit per province;
//! - trainees with Thai names (and their Latin spelling), positions and
//!   provinces;
//! - courses made of Markdown and imported through the real content
//!   pipeline (modules, an assessment with a pre-test and module-tagged
//!   questions);
//! - progress on one to three courses each, pre-tests, final attempts
//!   (passed and failed) with per-module scores, completions and
//!   certificates in every state (valid, expiring, expired, revoked);
//! - then every standing recomputed, as the reports read them.

pub mod store;

use crate::ssr::content::{compile::compile_tree, import::import};
use crate::ssr::db::{now, Db};
use crate::ssr::standings;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use store::V;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    pub trainees: usize,
    pub courses: usize,
    /// The random seed: the same plan gives the same data.
    pub seed: u64,
}

/// What was generated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Seeded {
    pub organisations: usize,
    pub trainees: usize,
    pub courses: usize,
    pub progress: usize,
    pub attempts: usize,
    pub completions: usize,
    pub certificates: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("generated courses: {0}")]
    Content(String),
    #[error("the database has seeded data already; seed an empty database")]
    AlreadySeeded,
}

const MINISTRIES: [(&str, &str); 4] = [
    ("msdhs", "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์"),
    ("rtp", "สำนักงานตำรวจแห่งชาติ"),
    ("mol", "กระทรวงแรงงาน"),
    ("imm", "สำนักงานตรวจคนเข้าเมือง"),
];
const DEPARTMENTS: [&str; 3] = ["กองคุ้มครอง", "กองฝึกอบรม", "กองปฏิบัติการ"];
const PROVINCES: [&str; 19] = [
    "กรุงเทพมหานคร",
    "เชียงใหม่",
    "เชียงราย",
    "ตาก",
    "สงขลา",
    "ภูเก็ต",
    "ระนอง",
    "สมุทรสาคร",
    "ชลบุรี",
    "ขอนแก่น",
    "อุดรธานี",
    "หนองคาย",
    "นครราชสีมา",
    "สุราษฎร์ธานี",
    "ปัตตานี",
    "กาญจนบุรี",
    "สระแก้ว",
    "มุกดาหาร",
    "แม่ฮ่องสอน",
];
const POSITIONS: [&str; 8] = [
    "พนักงานสอบสวน",
    "ตำรวจตรวจคนเข้าเมือง",
    "พนักงานตรวจแรงงาน",
    "นักสังคมสงเคราะห์",
    "นักจิตวิทยา",
    "พนักงานอัยการ",
    "เจ้าหน้าที่บ้านพักเด็กและครอบครัว",
    "ล่าม",
];
const GIVEN: [(&str, &str); 16] = [
    ("สมชาย", "Somchai"),
    ("สมหญิง", "Somying"),
    ("ประเสริฐ", "Prasert"),
    ("มาลี", "Malee"),
    ("วิชัย", "Wichai"),
    ("สุนิสา", "Sunisa"),
    ("อนุชา", "Anucha"),
    ("กาญจนา", "Kanchana"),
    ("ธีระ", "Thira"),
    ("พิมพ์ชนก", "Phimchanok"),
    ("ณัฐพล", "Nattapon"),
    ("จิราพร", "Jiraporn"),
    ("สุรเชษฐ์", "Surachet"),
    ("วรรณา", "Wanna"),
    ("ชัยวัฒน์", "Chaiwat"),
    ("อรอุมา", "On-uma"),
];
const FAMILY: [(&str, &str); 12] = [
    ("ใจดี", "Jaidee"),
    ("สุขใจ", "Sukjai"),
    ("ศรีสวัสดิ์", "Srisawat"),
    ("ทองดี", "Thongdee"),
    ("มีสุข", "Meesuk"),
    ("บุญมา", "Boonma"),
    ("แก้วมณี", "Kaewmanee"),
    ("รักษาศรี", "Raksasri"),
    ("วงศ์ใหญ่", "Wongyai"),
    ("พันธุ์ดี", "Pandee"),
    ("สายทอง", "Saithong"),
    ("จันทร์เพ็ญ", "Chanphen"),
];

const MODULES: usize = 5;
const QUESTIONS_PER_MODULE: usize = 2;
const PASS_MARK: i64 = 70;
const DAY: i64 = 86_400;

/// The Markdown of generated course `n`.
fn write_course(root: &std::path::Path, n: usize) -> std::io::Result<()> {
    let dir = root.join(format!("seed-{n:02}"));
    std::fs::create_dir_all(&dir)?;
    std::fs::write(
        dir.join("course.md"),
        format!(
            "+++\ntitle = \"Generated course {n}\"\nsummary = \"Generated for measuring reports.\"\n\
             audience = [\"police\"]\nestimated_minutes = 120\ncertificate = true\n\
             certificate_validity_months = 24\n+++\nGenerated.\n"
        ),
    )?;
    let mut pool = String::new();
    for m in 1..=MODULES {
        std::fs::write(
            dir.join(format!("{m:02}-topic-{m}.md")),
            format!(
                "+++\ntitle = \"Topic {m}\"\nestimated_minutes = 20\n+++\nText of topic {m}.\n"
            ),
        )?;
        for q in 1..=QUESTIONS_PER_MODULE {
            pool.push_str(&format!(
                "? [c{n}-m{m}-q{q}] Question {q} on topic {m}?\n@ topic-{m}\n(x) Right\n( ) Wrong\n\n"
            ));
        }
    }
    std::fs::write(
        dir.join("assessment.md"),
        format!(
            "+++\npass_mark = {PASS_MARK}\npretest = true\n+++\nGenerated.\n\n```quiz\n{pool}```\n"
        ),
    )
}

/// Fills `db` as `plan` says; `say` hears what is being done.
pub async fn seed(db: &Db, plan: Plan, say: impl Fn(&str)) -> Result<Seeded, SeedError> {
    let mut rng = StdRng::seed_from_u64(plan.seed);
    let at = now();
    let mut out = Seeded::default();
    let mut conn = db.pool().acquire().await?;
    if !store::seed_courses(&mut conn).await?.is_empty() {
        return Err(SeedError::AlreadySeeded);
    }

    say("courses");
    let dir = tempfile_dir()?;
    for n in 1..=plan.courses {
        write_course(&dir, n).map_err(|e| SeedError::Content(e.to_string()))?;
    }
    let compiled = compile_tree(&dir).map_err(|e| SeedError::Content(e.to_string()))?;
    let _ = std::fs::remove_dir_all(&dir);
    import(db, &compiled, None).await?;
    struct Course {
        id: i64,
        text: i64,
        assessment: i64,
        versions: Vec<store::VersionRow>,
    }
    let mut courses = Vec::new();
    for c in store::seed_courses(&mut conn).await? {
        courses.push(Course {
            id: c.id,
            text: store::current_id(&mut conn, "course_texts", c.id).await?,
            assessment: store::current_id(&mut conn, "assessments", c.id).await?,
            versions: store::module_versions(&mut conn, c.id).await?,
        });
    }
    out.courses = courses.len();

    say("organisations");
    let mut tx = db.begin().await?;
    let mut units: Vec<(i64, usize)> = Vec::new();
    let mut ministry_ids = Vec::new();
    for (slug, name) in MINISTRIES {
        let ministry = crate::ssr::organisations::store::insert(
            &mut tx,
            &format!("seed-{slug}"),
            name,
            None,
            at,
        )
        .await?;
        ministry_ids.push(ministry);
        for (d, department) in DEPARTMENTS.iter().enumerate() {
            let dept = crate::ssr::organisations::store::insert(
                &mut tx,
                &format!("seed-{slug}-{d}"),
                department,
                Some(ministry),
                at,
            )
            .await?;
            out.organisations += 1;
            for (p, province) in PROVINCES.iter().enumerate() {
                let unit = crate::ssr::organisations::store::insert(
                    &mut tx,
                    &format!("seed-{slug}-{d}-{p}"),
                    &format!("{department} {province}"),
                    Some(dept),
                    at,
                )
                .await?;
                units.push((unit, p));
                out.organisations += 1;
            }
        }
        out.organisations += 1;
    }
    // Staff who read the reports (for benchmarks and demonstrations; like
    // every seeded account, they cannot sign in): an admin, and a ministry
    // user at the top of each ministry.
    let mut staff = vec![vec![
        V::Text("seed-admin@example.invalid".into()),
        V::Text("Seed admin".into()),
        V::OptInt(None),
    ]];
    for (slug, _) in MINISTRIES {
        staff.push(vec![
            V::Text(format!("seed-ministry-{slug}@example.invalid")),
            V::Text(format!("Seed ministry {slug}")),
            V::OptInt(Some(ministry_ids[staff.len() - 1])),
        ]);
    }
    let staff_rows: Vec<Vec<V>> = staff
        .into_iter()
        .map(|mut r| {
            r.extend([V::Text("!seeded".into()), V::Int(at), V::Int(at)]);
            r
        })
        .collect();
    let staff_ids = store::insert_returning(
        &mut tx,
        "users",
        &[
            "email",
            "name",
            "organisation_id",
            "password_hash",
            "created_at",
            "updated_at",
        ],
        &staff_rows,
    )
    .await?;
    let staff_roles: Vec<Vec<V>> = staff_ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            vec![
                V::Int(*id),
                V::Text(if i == 0 { "admin" } else { "ministry" }.into()),
            ]
        })
        .collect();
    store::insert(&mut tx, "user_roles", &["user_id", "role"], &staff_roles).await?;
    tx.commit().await?;

    // Trainees, a batch at a time, each batch with everything they did.
    const BATCH: usize = 2_000;
    let mut done = 0;
    while done < plan.trainees {
        let n = BATCH.min(plan.trainees - done);
        let mut tx = db.begin().await?;
        let mut users = Vec::with_capacity(n);
        for i in done..done + n {
            let (unit, province) = units[rng.gen_range(0..units.len())];
            let (given, given_latin) = GIVEN[rng.gen_range(0..GIVEN.len())];
            let (family, family_latin) = FAMILY[rng.gen_range(0..FAMILY.len())];
            let created = at - rng.gen_range(1100..1200) * DAY;
            users.push(vec![
                V::Text(format!("seed-{i:07}@example.invalid")),
                V::Text(format!("{given} {family}")),
                V::OptText(Some(format!("{given_latin} {family_latin}"))),
                V::OptText(Some(
                    POSITIONS[rng.gen_range(0..POSITIONS.len())].to_string(),
                )),
                V::OptText(Some(PROVINCES[province].to_string())),
                V::Text("th".into()),
                V::OptInt(Some(unit)),
                // No password can match: seeded accounts cannot sign in.
                V::Text("!seeded".into()),
                V::Int(created),
                V::Int(created),
            ]);
        }
        let ids = store::insert_returning(
            &mut tx,
            "users",
            &[
                "email",
                "name",
                "name_latin",
                "position",
                "province",
                "preferred_language",
                "organisation_id",
                "password_hash",
                "created_at",
                "updated_at",
            ],
            &users,
        )
        .await?;
        let roles: Vec<Vec<V>> = ids
            .iter()
            .map(|id| vec![V::Int(*id), V::Text("trainee".into())])
            .collect();
        store::insert(&mut tx, "user_roles", &["user_id", "role"], &roles).await?;

        let (mut progress, mut positions, mut attempts, mut completions) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        // Per attempt: (index in `attempts`, whether it is a pre-test, score).
        let mut scored: Vec<(usize, Vec<i64>)> = Vec::new();
        // (trainee's index in the batch, course index, completed at).
        let mut certified: Vec<(usize, usize, i64)> = Vec::new();
        for (u, user) in ids.iter().enumerate() {
            let taken = rng.gen_range(1..=3usize).min(courses.len());
            let mut picked: Vec<usize> = Vec::new();
            while picked.len() < taken {
                let c = rng.gen_range(0..courses.len());
                if !picked.contains(&c) {
                    picked.push(c);
                }
            }
            for c in picked {
                let course = &courses[c];
                // Over three years, so some two-year certificates have expired.
                let started = at - rng.gen_range(1..1100) * DAY;
                // How far: most finish, some stop part-way.
                let opened = if rng.gen_bool(0.7) {
                    MODULES
                } else {
                    rng.gen_range(1..=MODULES)
                };
                let finished = if opened == MODULES && rng.gen_bool(0.9) {
                    MODULES
                } else {
                    opened.saturating_sub(1)
                };
                for (m, v) in course.versions.iter().take(opened).enumerate() {
                    let t = started + (m as i64) * DAY;
                    progress.push(vec![
                        V::Int(*user),
                        V::Int(v.id),
                        V::Int(t),
                        V::OptInt((m < finished).then_some(t + 3600)),
                    ]);
                }
                positions.push(vec![
                    V::Int(*user),
                    V::Int(course.id),
                    V::Int(course.versions[0].module_id),
                    V::Int(started),
                ]);
                let mut attempt = |purpose: &str, t: i64, score: i64, passed: bool| {
                    attempts.push(vec![
                        V::Int(*user),
                        V::Int(course.id),
                        V::Int(course.assessment),
                        V::Text(purpose.into()),
                        V::Int(0),
                        V::Text("[]".into()),
                        V::Text("[]".into()),
                        V::Int(t),
                        V::OptInt(Some(t + 900)),
                        V::OptInt(Some(score * 10)),
                        V::OptInt(Some(i64::from(passed))),
                    ]);
                    attempts.len() - 1
                };
                let pre = rng.gen_range(15..75i64);
                if rng.gen_bool(0.85) {
                    let i = attempt("pretest", started - 600, pre, false);
                    scored.push((
                        i,
                        (0..MODULES)
                            .map(|_| (pre + rng.gen_range(-15..15)).clamp(0, 100))
                            .collect(),
                    ));
                }
                if finished == MODULES {
                    let end = started + (MODULES as i64) * DAY;
                    let mut passed_at = None;
                    for k in 0..rng.gen_range(1..=3) {
                        let score = (pre + rng.gen_range(5..55)).clamp(0, 100);
                        let passed = score >= PASS_MARK;
                        let i = attempt("final", end + k * DAY, score, passed);
                        scored.push((
                            i,
                            (0..MODULES)
                                .map(|_| (score + rng.gen_range(-10..10)).clamp(0, 100))
                                .collect(),
                        ));
                        if passed {
                            passed_at = Some(end + k * DAY);
                            break;
                        }
                    }
                    if let Some(when) = passed_at {
                        completions.push(vec![
                            V::Int(*user),
                            V::Int(course.id),
                            V::Text("[]".into()),
                            V::OptInt(Some(course.assessment)),
                            V::Int(when),
                        ]);
                        certified.push((u, c, when));
                    }
                }
            }
        }
        store::insert(
            &mut tx,
            "module_progress",
            &["user_id", "module_version_id", "opened_at", "done_at"],
            &progress,
        )
        .await?;
        // Where to resume: the first module (enough for reports).
        store::insert(
            &mut tx,
            "course_positions",
            &["user_id", "course_id", "module_id", "at"],
            &positions,
        )
        .await?;
        let attempt_ids = store::insert_returning(
            &mut tx,
            "assessment_attempts",
            &[
                "user_id",
                "course_id",
                "assessment_id",
                "purpose",
                "seed",
                "paper",
                "answers",
                "started_at",
                "submitted_at",
                "score",
                "passed",
            ],
            &attempts,
        )
        .await?;
        let mut module_scores = Vec::new();
        for (i, scores) in scored {
            for (m, score) in scores.into_iter().enumerate() {
                module_scores.push(vec![
                    V::Int(attempt_ids[i]),
                    V::Text(format!("topic-{}", m + 1)),
                    V::Int(QUESTIONS_PER_MODULE as i64),
                    V::Int(score * 10),
                ]);
            }
        }
        store::insert(
            &mut tx,
            "attempt_module_scores",
            &["attempt_id", "module_slug", "questions", "score"],
            &module_scores,
        )
        .await?;
        let completion_ids = store::insert_returning(
            &mut tx,
            "course_completions",
            &[
                "user_id",
                "course_id",
                "module_versions",
                "assessment_id",
                "completed_at",
            ],
            &completions,
        )
        .await?;
        let mut certificates = Vec::new();
        for ((u, c, when), completion) in certified.iter().zip(&completion_ids) {
            let course = &courses[*c];
            let expires = crate::dates::add_months(*when, 24);
            let revoked = rng.gen_bool(0.02).then_some(when + 30 * DAY);
            let mut random = [0u8; 10];
            rng.fill(&mut random);
            let (name, latin) = match (&users[*u][1], &users[*u][2]) {
                (V::Text(n), V::OptText(l)) => (n.clone(), l.clone()),
                _ => (String::new(), None),
            };
            certificates.push(vec![
                V::Text(crate::ssr::certificates::code::generate(random)),
                V::Int(ids[*u]),
                V::Int(course.id),
                V::Int(*completion),
                V::Int(course.text),
                V::Text("en".into()),
                V::Text(name),
                V::OptText(latin),
                V::Text(format!("Generated course {}", c + 1)),
                V::Int(120),
                V::Text("Lantern".into()),
                V::Int(*when),
                V::OptInt(Some(expires)),
                V::OptInt(revoked),
                V::OptText(revoked.map(|_| "Generated: issued in error".to_string())),
            ]);
        }
        store::insert(
            &mut tx,
            "certificates",
            &[
                "code",
                "user_id",
                "course_id",
                "completion_id",
                "course_text_id",
                "language",
                "holder_name",
                "holder_name_latin",
                "course_title",
                "minutes",
                "issuer",
                "issued_at",
                "expires_at",
                "revoked_at",
                "revoked_reason",
            ],
            &certificates,
        )
        .await?;
        tx.commit().await?;
        out.trainees += n;
        out.progress += progress.len();
        out.attempts += attempts.len();
        out.completions += completion_ids.len();
        out.certificates += certificates.len();
        done += n;
        say(&format!("trainees: {done} of {}", plan.trainees));
    }

    say("standings");
    let mut tx = db.begin().await?;
    standings::refresh_all(&mut tx).await?;
    tx.commit().await?;
    Ok(out)
}

/// A fresh directory for the generated Markdown.
fn tempfile_dir() -> Result<std::path::PathBuf, SeedError> {
    let dir = std::env::temp_dir().join(format!("lantern-seed-{}-{}", std::process::id(), now()));
    std::fs::create_dir_all(&dir).map_err(|e| SeedError::Content(e.to_string()))?;
    Ok(dir)
}

#[cfg(test)]
mod tests;
