//! What administrators (and, for trainee accounts, trainers) change:
//! creating accounts, editing profiles and roles, disabling, enabling and
//! anonymising. Each change commits together with its audit entry.

use super::reveal;
use crate::i18n::Locale;
use crate::model::roles::Role;
use crate::ssr::audit::{self, Action, Event};
use crate::ssr::auth::{password_reset, policy, scope, CurrentUser};
use crate::ssr::db::{cache::Topic, now, Db};
use crate::ssr::organisations;
use crate::ssr::users::store as accounts;
use crate::ssr::users::{self, optional_text, NewUser, UserError};
use sqlx::{Any, Transaction};

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("not allowed")]
    Forbidden,
    #[error("no such account")]
    NotFound,
    #[error("you cannot do this to your own account")]
    OwnAccount,
    #[error("this is the last enabled administrator")]
    LastAdmin,
    #[error(transparent)]
    User(#[from] UserError),
    #[error("the link could not be issued: {0}")]
    Reset(#[from] password_reset::ResetError),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

/// An account's editable fields, as the forms send them.
#[derive(Clone, Debug, Default)]
pub struct AccountFields {
    /// Blank for an official without one; then `username` is required.
    pub email: String,
    pub username: String,
    pub name: String,
    pub name_latin: String,
    pub position: String,
    pub province: String,
    pub language: Locale,
    /// An organisation's slug, or empty for none.
    pub organisation: String,
    pub roles: Vec<Role>,
}

/// Creates an account and a 24-hour set-up link for it (Lantern does not
/// send e-mail; the creator hands the link over). Returns the new id and the
/// key under which the link waits to be shown to the creator. A trainer who
/// names no organisation creates the account in their own.
pub async fn create_account(
    db: &Db,
    actor: &CurrentUser,
    mut fields: AccountFields,
) -> Result<(i64, String), AdminError> {
    let scope = scope::of(db, actor).await?.ok_or(AdminError::Forbidden)?;
    let organisation = match optional_text(Some(&fields.organisation)) {
        Some(slug) => Some(
            organisations::find_by_slug(db, &slug)
                .await?
                .ok_or(UserError::UnknownOrganisation(slug))?,
        ),
        None if !scope.everyone => match actor.organisation_id {
            Some(own) => organisations::store::by_id(db.pool(), own).await?,
            None => None,
        },
        None => None,
    };
    if !scope.may_create(&fields.roles, organisation.as_ref().map(|o| o.id)) {
        return Err(AdminError::Forbidden);
    }
    fields.organisation = organisation.map(|o| o.slug).unwrap_or_default();
    // Nobody knows this password; the person sets their own with the link.
    let password = crate::ssr::secrets::random_hex::<24>();
    let id = users::create(
        db,
        NewUser {
            email: fields.email,
            username: optional_text(Some(&fields.username)),
            name: fields.name,
            name_latin: optional_text(Some(&fields.name_latin)),
            roles: fields.roles,
            organisation_slug: optional_text(Some(&fields.organisation)),
            preferred_language: fields.language,
            password,
            created_by: Some(actor.id),
            position: optional_text(Some(&fields.position)),
            province: optional_text(Some(&fields.province)),
        },
    )
    .await?;
    let key = issue_link(db, actor, id).await?;
    Ok((id, key))
}

/// Issues a reset link for account `id` and stores it to be shown once.
pub async fn issue_link(db: &Db, actor: &CurrentUser, id: i64) -> Result<String, AdminError> {
    let token = password_reset::issue_for(db, Some(actor), id)
        .await
        .map_err(|e| match e {
            password_reset::ResetError::Forbidden => AdminError::Forbidden,
            password_reset::ResetError::UnknownUser => AdminError::NotFound,
            other => AdminError::Reset(other),
        })?;
    Ok(reveal::put(db, &actor.session, id, &token).await?)
}

/// The parts of an account a check needs.
struct Target {
    email: Option<String>,
    username: Option<String>,
    organisation_id: Option<i64>,
    roles: Vec<Role>,
    enabled_admin: bool,
    anonymised: bool,
}

async fn target(tx: &mut Transaction<'static, Any>, id: i64) -> Result<Target, AdminError> {
    let row = accounts::state(&mut **tx, id)
        .await?
        .ok_or(AdminError::NotFound)?;
    let roles = accounts::roles(&mut **tx, id).await?;
    Ok(Target {
        email: row.email,
        username: row.username,
        organisation_id: row.organisation_id,
        enabled_admin: row.disabled_at.is_none() && roles.contains(&Role::Admin),
        roles,
        anonymised: row.anonymised_at.is_some(),
    })
}

/// Refuses a change that would leave no enabled administrator.
async fn keep_an_admin(
    tx: &mut Transaction<'static, Any>,
    target: &Target,
) -> Result<(), AdminError> {
    if !target.enabled_admin {
        return Ok(());
    }
    let admins = accounts::count_admins(&mut **tx).await?;
    if admins <= 1 {
        Err(AdminError::LastAdmin)
    } else {
        Ok(())
    }
}

/// Records `action` by `actor` on account `id` in the change's transaction.
/// Accounts are named by id, not e-mail, so the log holds no more personal
/// data than it must.
async fn record(
    tx: &mut Transaction<'static, Any>,
    actor: &CurrentUser,
    id: i64,
    action: Action,
    detail: Option<&str>,
    ip: Option<&str>,
) -> Result<(), sqlx::Error> {
    let subject = format!("user:{id}");
    audit::append(
        tx,
        Event {
            actor_id: Some(actor.id),
            subject: Some(&subject),
            detail,
            ip,
            ..Event::new(action)
        },
    )
    .await
}

/// The common start of disabling, enabling and anonymising: the actor
/// administers, the account is someone else's and still a person's.
async fn begin_access_change(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
) -> Result<(Transaction<'static, Any>, Target), AdminError> {
    if !policy::may_administer(&actor.roles) {
        return Err(AdminError::Forbidden);
    }
    if actor.id == id {
        return Err(AdminError::OwnAccount);
    }
    let mut tx = db.begin().await?;
    let before = target(&mut tx, id).await?;
    Ok((tx, before))
}

fn role_list(roles: &[Role]) -> String {
    let mut names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    names.sort();
    names.join(", ")
}

/// Saves an account's profile, organisation and roles (administrators only).
pub async fn update_account(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    fields: AccountFields,
    ip: Option<&str>,
) -> Result<(), AdminError> {
    if !policy::may_administer(&actor.roles) {
        return Err(AdminError::Forbidden);
    }
    let (email, username) = users::sign_in_names(&fields.email, Some(&fields.username))?;
    users::check_lengths(
        &fields.name,
        Some(&fields.name_latin),
        Some(&fields.position),
        Some(&fields.province),
    )?;
    let name = fields.name.trim();
    if name.is_empty() {
        return Err(UserError::EmptyName.into());
    }
    let mut roles = fields.roles.clone();
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        return Err(UserError::NoRole.into());
    }
    let mut tx = db.begin().await?;
    let before = target(&mut tx, id).await?;
    if before.anonymised {
        return Err(AdminError::NotFound);
    }
    if !roles.contains(&Role::Admin) {
        keep_an_admin(&mut tx, &before).await?;
    }
    let organisation_id: Option<i64> = match optional_text(Some(&fields.organisation)) {
        Some(slug) => Some(
            crate::ssr::organisations::store::id_by_slug(&mut *tx, &slug)
                .await?
                .ok_or(UserError::UnknownOrganisation(slug))?,
        ),
        None => None,
    };
    users::check_unique(&mut tx, email.as_deref(), username.as_deref(), Some(id)).await?;
    let name_latin = optional_text(Some(&fields.name_latin));
    let position = optional_text(Some(&fields.position));
    let province = optional_text(Some(&fields.province));
    accounts::update_profile(
        &mut tx,
        id,
        &accounts::Profile {
            email: email.as_deref(),
            username: username.as_deref(),
            name,
            name_latin: name_latin.as_deref(),
            position: position.as_deref(),
            province: province.as_deref(),
            language: fields.language.code(),
            organisation_id,
        },
        now(),
    )
    .await?;
    record(&mut tx, actor, id, Action::AccountUpdated, None, ip).await?;
    let mut old_roles = before.roles.clone();
    old_roles.sort();
    if email != before.email
        || username != before.username
        || organisation_id != before.organisation_id
        || old_roles != roles
    {
        // A link handed out for the account as it was must not outlive it.
        accounts::end_pending_links(&mut tx, id).await?;
    }
    if old_roles != roles {
        accounts::set_roles(&mut tx, id, &roles).await?;
        let detail = format!("{} → {}", role_list(&old_roles), role_list(&roles));
        record(&mut tx, actor, id, Action::RolesChanged, Some(&detail), ip).await?;
    }
    tx.commit().await?;
    db.caches().changed(Topic::People);
    Ok(())
}

/// Disables (every session ends, sign-in is refused) or enables an account.
pub async fn set_disabled(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    disabled: bool,
    ip: Option<&str>,
) -> Result<(), AdminError> {
    let (mut tx, before) = begin_access_change(db, actor, id).await?;
    if before.anonymised {
        return Err(AdminError::NotFound);
    }
    if disabled {
        keep_an_admin(&mut tx, &before).await?;
        accounts::disable(&mut tx, id, now()).await?;
        accounts::end_pending_links(&mut tx, id).await?;
    } else {
        accounts::enable(&mut tx, id).await?;
    }
    record(
        &mut tx,
        actor,
        id,
        if disabled {
            Action::AccountDisabled
        } else {
            Action::AccountEnabled
        },
        None,
        ip,
    )
    .await?;
    tx.commit().await?;
    db.caches().changed(Topic::People);
    Ok(())
}

/// Erases an account's personal fields for good: e-mail, names, position,
/// province, password, sessions, sign-in history and pending links. The row,
/// its roles and organisation stay, so the person's attempts and
/// completions still count in aggregate reports. The audit log, a security
/// record that cannot be edited without breaking its chain, keeps what it
/// recorded before; later entries name the account only by its id.
pub async fn anonymise(
    db: &Db,
    actor: &CurrentUser,
    id: i64,
    ip: Option<&str>,
) -> Result<(), AdminError> {
    let (mut tx, before) = begin_access_change(db, actor, id).await?;
    if before.anonymised {
        return Ok(());
    }
    keep_an_admin(&mut tx, &before).await?;
    let logins: Vec<&str> = [before.email.as_deref(), before.username.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    accounts::anonymise(&mut tx, id, &logins, now()).await?;
    for login in &logins {
        audit::pseudonymise(&mut tx, login, &format!("anonymised:user:{id}")).await?;
    }
    record(&mut tx, actor, id, Action::AccountAnonymised, None, ip).await?;
    tx.commit().await?;
    db.caches().changed(Topic::People);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::audit::{verify, Verification};
    use crate::ssr::auth::{login, session};
    use crate::ssr::organisations;
    use crate::ssr::testing::{new_user, TEST_PASSWORD};
    use crate::test_on_both_databases;
    use sqlx::Row;

    async fn actor(db: &Db, email: &str, roles: &[Role]) -> CurrentUser {
        let id = users::create(db, new_user(email, roles)).await.unwrap();
        CurrentUser {
            id,
            email: email.into(),
            name: email.into(),
            roles: roles.to_vec(),
            organisation_id: None,
            session: format!("session-of-{id}"),
        }
    }

    fn fields(email: &str, roles: &[Role]) -> AccountFields {
        AccountFields {
            email: email.into(),
            name: "ສົມພອນ".into(),
            name_latin: "Somphone".into(),
            position: "Social worker".into(),
            province: "Vientiane".into(),
            roles: roles.to_vec(),
            ..AccountFields::default()
        }
    }

    async fn audit_actions(db: &Db) -> Vec<String> {
        sqlx::query("SELECT action FROM audit_log ORDER BY id")
            .fetch_all(db.pool())
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>("action"))
            .collect()
    }

    async fn trainers_create_trainees_only_and_get_a_link(db: Db) {
        let shelter = organisations::create(&db, "shelter", "Shelter", None, None)
            .await
            .unwrap();
        organisations::create(&db, "unit", "Unit", Some("shelter"), None)
            .await
            .unwrap();
        organisations::create(&db, "police", "Police", None, None)
            .await
            .unwrap();
        let mut trainer = actor(&db, "trainer@example.org", &[Role::Trainer]).await;
        // Without an organisation a trainer creates no one.
        assert!(matches!(
            create_account(&db, &trainer, fields("x@example.org", &[Role::Trainee])).await,
            Err(AdminError::Forbidden)
        ));
        trainer.organisation_id = Some(shelter);
        sqlx::query("UPDATE users SET organisation_id = $1 WHERE id = $2")
            .bind(shelter)
            .bind(trainer.id)
            .execute(db.pool())
            .await
            .unwrap();
        assert!(matches!(
            create_account(&db, &trainer, fields("x@example.org", &[Role::Trainer])).await,
            Err(AdminError::Forbidden)
        ));
        let mut elsewhere = fields("x@example.org", &[Role::Trainee]);
        elsewhere.organisation = "police".into();
        assert!(matches!(
            create_account(&db, &trainer, elsewhere).await,
            Err(AdminError::Forbidden)
        ));
        let mut below = fields("below@example.org", &[Role::Trainee]);
        below.organisation = "unit".into();
        create_account(&db, &trainer, below).await.unwrap();
        let count: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM users WHERE email = 'x@example.org'")
                .fetch_one(db.pool())
                .await
                .unwrap()
                .get("n");
        assert_eq!(count, 0, "a refused creation creates nothing");
        let (id, key) = create_account(&db, &trainer, fields("new@example.org", &[Role::Trainee]))
            .await
            .unwrap();
        let org: Option<i64> = sqlx::query("SELECT organisation_id FROM users WHERE id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await
            .unwrap()
            .get("organisation_id");
        assert_eq!(
            org,
            Some(shelter),
            "named no organisation: the trainer's own"
        );
        let link = reveal::take(&db, &key, &trainer.session, id)
            .await
            .unwrap()
            .expect("the set-up link waits for its creator");
        // The link sets the password; nobody knew the one it replaces.
        password_reset::redeem(&db, &link, "a-fresh-password-of-mine", None)
            .await
            .unwrap();
        login::sign_in(
            &db,
            "new@example.org",
            "a-fresh-password-of-mine",
            "127.0.0.1",
        )
        .await
        .unwrap();
        let row = sqlx::query("SELECT position, province, name_latin FROM users WHERE id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(row.get::<String, _>("position"), "Social worker");
        assert_eq!(row.get::<String, _>("province"), "Vientiane");
        assert_eq!(row.get::<String, _>("name_latin"), "Somphone");
    }

    async fn admins_change_roles_and_organisation_with_an_audit_entry(db: Db) {
        let admin = actor(&db, "admin@example.org", &[Role::Admin]).await;
        organisations::create(&db, "police", "Police", None, None)
            .await
            .unwrap();
        let trainee = actor(&db, "t@example.org", &[Role::Trainee]).await;
        let trainer = actor(&db, "trainer@example.org", &[Role::Trainer]).await;
        let mut change = fields("T@Example.org", &[Role::Trainee, Role::Trainer]);
        change.organisation = "police".into();
        assert!(matches!(
            update_account(&db, &trainer, trainee.id, change.clone(), None).await,
            Err(AdminError::Forbidden)
        ));
        update_account(&db, &admin, trainee.id, change, Some("10.0.0.1"))
            .await
            .unwrap();
        assert_eq!(
            users::roles_of(&db, trainee.id).await.unwrap(),
            vec![Role::Trainee, Role::Trainer]
        );
        let detail: String = sqlx::query(
            "SELECT detail FROM audit_log WHERE action = 'roles.changed' AND actor_id = $1",
        )
        .bind(admin.id)
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get("detail");
        assert_eq!(detail, "trainee → trainee, trainer");
        let mut bad = fields("t@example.org", &[]);
        assert!(matches!(
            update_account(&db, &admin, trainee.id, bad.clone(), None).await,
            Err(AdminError::User(UserError::NoRole))
        ));
        bad.roles = vec![Role::Trainee];
        bad.email = "admin@example.org".into();
        assert!(matches!(
            update_account(&db, &admin, trainee.id, bad, None).await,
            Err(AdminError::User(UserError::DuplicateEmail(_)))
        ));
        // The last administrator cannot demote themself.
        assert!(matches!(
            update_account(
                &db,
                &admin,
                admin.id,
                fields("admin@example.org", &[Role::Trainer]),
                None
            )
            .await,
            Err(AdminError::LastAdmin)
        ));
        assert_eq!(
            verify(&db).await.unwrap(),
            Verification::Intact {
                entries: audit_actions(&db).await.len() as i64
            }
        );
    }

    async fn disabling_ends_sessions_and_refuses_sign_in(db: Db) {
        let admin = actor(&db, "admin@example.org", &[Role::Admin]).await;
        let trainee = actor(&db, "t@example.org", &[Role::Trainee]).await;
        let token = session::start(&db, trainee.id, None, None).await.unwrap();
        assert!(matches!(
            set_disabled(&db, &admin, admin.id, true, None).await,
            Err(AdminError::OwnAccount)
        ));
        set_disabled(&db, &admin, trainee.id, true, None)
            .await
            .unwrap();
        assert_eq!(session::resolve(&db, &token).await.unwrap(), None);
        assert!(
            login::sign_in(&db, "t@example.org", TEST_PASSWORD, "127.0.0.1")
                .await
                .is_err()
        );
        set_disabled(&db, &admin, trainee.id, false, None)
            .await
            .unwrap();
        login::sign_in(&db, "t@example.org", TEST_PASSWORD, "127.0.0.1")
            .await
            .unwrap();
        let actions = audit_actions(&db).await;
        assert!(actions.contains(&"account.disabled".to_string()));
        assert!(actions.contains(&"account.enabled".to_string()));
    }

    async fn the_last_admin_cannot_be_disabled_or_anonymised(db: Db) {
        let a = actor(&db, "a@example.org", &[Role::Admin]).await;
        let b = actor(&db, "b@example.org", &[Role::Admin]).await;
        set_disabled(&db, &a, b.id, true, None).await.unwrap();
        // b is disabled, so a is the last enabled admin: b cannot act, and
        // nobody else can remove a.
        let trainer = actor(&db, "c@example.org", &[Role::Trainer]).await;
        assert!(matches!(
            anonymise(&db, &trainer, a.id, None).await,
            Err(AdminError::Forbidden)
        ));
        set_disabled(&db, &a, b.id, false, None).await.unwrap();
        set_disabled(&db, &b, a.id, true, None).await.unwrap();
        assert!(matches!(
            set_disabled(&db, &a, b.id, true, None).await,
            Err(AdminError::LastAdmin)
        ));
    }

    async fn anonymising_erases_personal_fields_and_keeps_the_row(db: Db) {
        let admin = actor(&db, "admin@example.org", &[Role::Admin]).await;
        let trainee = actor(&db, "t@example.org", &[Role::Trainee]).await;
        login::sign_in(&db, "t@example.org", TEST_PASSWORD, "127.0.0.1")
            .await
            .unwrap();
        let token = session::start(&db, trainee.id, None, None).await.unwrap();
        anonymise(&db, &admin, trainee.id, None).await.unwrap();
        let row = sqlx::query(
            "SELECT email, name, name_latin, position, anonymised_at, disabled_at FROM users WHERE id = $1",
        )
        .bind(trainee.id)
        .fetch_one(db.pool())
        .await
        .unwrap();
        assert_eq!(
            row.get::<String, _>("email"),
            format!("anonymised-{}@invalid", trainee.id)
        );
        assert_eq!(row.get::<String, _>("name"), "");
        assert_eq!(row.get::<Option<String>, _>("name_latin"), None);
        assert!(row.get::<Option<i64>, _>("anonymised_at").is_some());
        assert!(row.get::<Option<i64>, _>("disabled_at").is_some());
        assert_eq!(
            users::roles_of(&db, trainee.id).await.unwrap(),
            vec![Role::Trainee]
        );
        assert_eq!(session::resolve(&db, &token).await.unwrap(), None);
        let attempts: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM login_attempts WHERE email = 't@example.org'")
                .fetch_one(db.pool())
                .await
                .unwrap()
                .get("n");
        assert_eq!(attempts, 0);
        // The sign-in was audited under the address: pseudonymised now, and
        // the chain still verifies.
        let named: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE subject = 't@example.org'")
                .fetch_one(db.pool())
                .await
                .unwrap()
                .get("n");
        assert_eq!(named, 0);
        let pseudonym = format!("anonymised:user:{}", trainee.id);
        let renamed: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE subject = $1")
            .bind(&pseudonym)
            .fetch_one(db.pool())
            .await
            .unwrap()
            .get("n");
        assert!(renamed >= 1);
        assert!(matches!(
            issue_link(&db, &admin, trainee.id).await,
            Err(AdminError::NotFound)
        ));
        assert!(matches!(
            verify(&db).await.unwrap(),
            Verification::Intact { .. }
        ));
        // A pseudonym is no licence to rewrite: another subject, marked
        // pseudonymised, breaks the chain.
        sqlx::query(
            "UPDATE audit_log SET subject = 'someone', pseudonymised = 0 WHERE subject = $1",
        )
        .bind(&pseudonym)
        .execute(db.pool())
        .await
        .unwrap();
        assert!(matches!(
            verify(&db).await.unwrap(),
            Verification::Broken { .. }
        ));
    }

    test_on_both_databases!(
        trainers_create_trainees_only_and_get_a_link,
        admins_change_roles_and_organisation_with_an_audit_entry,
        disabling_ends_sessions_and_refuses_sign_in,
        the_last_admin_cannot_be_disabled_or_anonymised,
        anonymising_erases_personal_fields_and_keeps_the_row
    );
}
