use super::CommandError;
use app::i18n::Locale;
use app::model::roles::Role;
use app::ssr::{auth::password_reset, config::Config, users};
use std::io::BufRead;
use std::io::IsTerminal;

pub struct CreateArgs {
    /// Blank for none; then `username` is required.
    pub email: String,
    pub username: Option<String>,
    pub name: String,
    pub name_latin: Option<String>,
    pub roles: Vec<Role>,
    pub org: Option<String>,
    pub language: String,
}

/// `lantern user create`: the password comes on standard input (first line),
/// so it never appears in the process list or shell history. Typed at a
/// terminal, it is asked for twice and not echoed.
pub async fn create(args: CreateArgs) -> Result<(), CommandError> {
    let language = Locale::from_code(&args.language).ok_or_else(|| {
        CommandError::Input(format!(
            "unknown language `{}`: use en or th",
            args.language
        ))
    })?;
    let password = if std::io::stdin().is_terminal() {
        prompt_password()?
    } else {
        read_password(std::io::stdin().lock())?
    };
    let config = Config::from_env()?;
    let db = super::open_database(&config).await?;
    let new = users::NewUser {
        email: args.email,
        username: args.username,
        name: args.name,
        name_latin: args.name_latin,
        roles: args.roles.clone(),
        organisation_slug: args.org,
        preferred_language: language,
        password,
        created_by: None,
        position: None,
        province: None,
    };
    let login = match new.email.trim() {
        "" => new.username.clone().unwrap_or_default(),
        email => email.to_string(),
    }
    .trim()
    .to_lowercase();
    let id = users::create(&db, new).await?;
    let roles: Vec<_> = args.roles.iter().map(|r| r.as_str()).collect();
    println!(
        "created user {id} <{login}> with roles {}",
        roles.join(", ")
    );
    db.close().await;
    Ok(())
}

/// `lantern user reset-link --email E`: for an operator helping someone
/// who cannot sign in; the link goes to them by hand, phone or chat.
pub async fn reset_link(email: &str) -> Result<(), CommandError> {
    let config = Config::from_env()?;
    let db = super::open_database(&config).await?;
    let token = password_reset::issue(&db, None, email)
        .await
        .map_err(|e| match e {
            password_reset::ResetError::UnknownUser => CommandError::NotFound(e.to_string()),
            password_reset::ResetError::Db(e) => CommandError::Db(e.into()),
            e => CommandError::Input(e.to_string()),
        })?;
    println!("{}{}", config.base_url, app::paths::reset(&token));
    println!("The link works once, within 24 hours.");
    db.close().await;
    Ok(())
}

/// The first line of `input`, without its line ending.
/// Asks for the password at the terminal, without echo, twice.
fn prompt_password() -> Result<String, CommandError> {
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map_err(|e| CommandError::Input(format!("cannot read the password: {e}")))
    };
    let first = ask("Password for the new account: ")?;
    if first.is_empty() {
        return Err(CommandError::Input("the password must not be empty".into()));
    }
    if ask("The same password again: ")? != first {
        return Err(CommandError::Input(
            "the two passwords are not the same".into(),
        ));
    }
    Ok(first)
}

pub fn read_password(mut input: impl BufRead) -> Result<String, CommandError> {
    let mut line = String::new();
    input.read_line(&mut line).map_err(|e| {
        CommandError::Input(format!("cannot read the password from standard input: {e}"))
    })?;
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    if password.is_empty() {
        return Err(CommandError::Input(
            "give the password on standard input, e.g. `echo \"$PASSWORD\" | lantern user create …`".into(),
        ));
    }
    Ok(password)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_first_line_only() {
        let p = read_password("river lamp quiet\r\nsecond".as_bytes()).unwrap();
        assert_eq!(p, "river lamp quiet");
        assert!(read_password("".as_bytes()).is_err());
        assert!(read_password("\n".as_bytes()).is_err());
    }
}
