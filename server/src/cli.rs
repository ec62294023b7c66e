//! The command line. Configuration comes from the environment (see
//! `app::ssr::config`); commands take only what is specific to them.

use crate::commands;
use app::model::roles::Role;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "lantern",
    version,
    about = "Lantern: training for the people who protect victims of human trafficking.",
    after_help = "Environment:\n  LANTERN_DATABASE_URL  sqlite://PATH (default sqlite://data/lantern.db) or postgres://…\n  LANTERN_ADDR          address to listen on (default 127.0.0.1:3000)\n  LANTERN_BASE_URL      public URL, used in certificate links (default http://LANTERN_ADDR)\n  LANTERN_SITE_ROOT     built assets (default target/site)\n  LANTERN_ADMIN_EMAIL, LANTERN_ADMIN_PASSWORD\n                        the first administrator, created by `serve` if there is none\n  RUST_LOG, LANTERN_LOG=json\n                        log filter and format"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the web application (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage the organisation tree.
    Org {
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// Manage cohorts (workshop batches of trainees).
    Cohort {
        #[command(subcommand)]
        command: CohortCommand,
    },
    /// Developer tools: generated data at national scale, report timings.
    Dev {
        #[command(subcommand)]
        command: DevCommand,
    },
    /// Check the audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Check and import a folder of Markdown courses (all of it, or nothing).
    Import {
        /// The content folder, e.g. `content`.
        dir: PathBuf,
        /// Also print each module's content hash (what a translation's
        /// `translation_of` names).
        #[arg(long)]
        hashes: bool,
    },
    /// Write every course's published texts (all languages, final
    /// assessments, pictures) to DIR in the `content/` format, one folder
    /// per course, replacing those folders whole: `lantern import DIR`
    /// reproduces the courses.
    Export {
        /// Where to write, e.g. `content`.
        dir: PathBuf,
    },
    /// Convert a Moodle GIFT question bank into Lantern quiz blocks, one
    /// Markdown file per category in DIR; unsupported questions are listed
    /// with their line and skipped.
    ImportGift {
        file: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Write a consistent copy of the live database to FILE.
    Backup {
        /// Where to write the copy; must not exist yet.
        file: PathBuf,
    },
    /// Make FILE (from `lantern backup`) the database LANTERN_DATABASE_URL
    /// names, which must be new or empty; the copy is checked before use.
    Restore {
        /// The backup: a SQLite file, or a pg_dump archive for PostgreSQL.
        file: PathBuf,
    },
    /// Check the database: storage integrity (SQLite) and that no
    /// certificate, completion or graded attempt was left half-written.
    Check,
    /// Check a certificate's signed credential (saved from
    /// `/verify/{id}.json`) offline, against a saved issuer profile
    /// (`/issuer.json`). No database needed.
    VerifyCredential {
        file: PathBuf,
        #[arg(long)]
        issuer: PathBuf,
    },
    /// Benchmark: render COUNT certificates with Thai names and report the
    /// time and size per PDF (docs/benchmarks.md).
    CertificateBenchmark {
        #[arg(long, default_value_t = 1000)]
        count: usize,
        /// Also write the last PDF here, to look at.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
enum OrgCommand {
    /// Create an organisation, optionally under a parent.
    Create {
        /// Short, URL-safe name: lower-case letters, digits and hyphens.
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        /// The slug of the parent organisation.
        #[arg(long)]
        parent: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum CohortCommand {
    /// Create a cohort in an organisation; prints its id.
    Create {
        #[arg(long)]
        name: String,
        /// The slug of the organisation it belongs to.
        #[arg(long)]
        org: String,
        /// The e-mail address of its trainer (an account with the trainer
        /// role).
        #[arg(long)]
        trainer: Option<String>,
        /// Where the workshop takes place.
        #[arg(long)]
        province: Option<String>,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        starts: Option<String>,
        /// Due date for its courses, YYYY-MM-DD.
        #[arg(long)]
        due: Option<String>,
    },
    /// Enrol the trainees of a roster CSV (columns name, name_latin, email,
    /// username, organisation, position, province, language; UTF-8 or Thai
    /// Windows) into a cohort: every bad row is printed and nothing is
    /// written, or every row is, in one transaction.
    Enrol {
        /// The cohort's id.
        id: i64,
        /// The roster file.
        file: std::path::PathBuf,
        /// Check and match only; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand, Debug)]
enum DevCommand {
    /// Fill the database with generated data: an organisation tree of
    /// ministries, departments and provincial units, TRAINEES trainees with
    /// Thai names, COURSES generated courses, progress, pre-tests, attempts,
    /// completions and certificates in every state. Seeded accounts cannot
    /// sign in. For an empty (or unseeded) database only.
    Seed {
        #[arg(long)]
        trainees: usize,
        #[arg(long, default_value_t = 20)]
        courses: usize,
        /// The random seed: the same numbers give the same data.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Time the reports (first pages under several filters, a deep page,
    /// the dashboard, the gain page) on a seeded database.
    ReportBenchmark {
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Export every report row of a seeded database twice — all in memory
    /// (the direct download) and streamed (the background export) — and
    /// print the time, size and peak memory of each.
    ExportBenchmark {
        #[arg(long, default_value = "csv")]
        format: String,
    },
    /// Create COUNT trainee accounts PREFIX-1@load.test … that can sign in,
    /// all with the password read from standard input (the load suite's
    /// and the fault tests' trainees); existing ones are kept.
    Accounts {
        #[arg(long)]
        count: usize,
        #[arg(long, default_value = "load")]
        prefix: String,
        /// The slug of their organisation.
        #[arg(long)]
        org: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum AuditCommand {
    /// Walk the hash chain and report the first broken link.
    Verify,
    /// Benchmark: fill a throwaway database with ENTRIES audit entries and
    /// time the full walk against the audit page's checkpointed check.
    Benchmark {
        #[arg(long, default_value_t = 1_000_000)]
        entries: u64,
    },
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Create an account. The password is read from standard input.
    Create {
        /// The address the person signs in with.
        #[arg(long, required_unless_present = "username")]
        email: Option<String>,
        /// For an official without e-mail: what they sign in with instead.
        #[arg(long)]
        username: Option<String>,
        /// The name as it should print on a certificate, in the person's own script.
        #[arg(long)]
        name: String,
        /// The name in Latin script, if `--name` is in another script.
        #[arg(long)]
        name_latin: Option<String>,
        /// trainee, trainer, ministry or admin; repeat or separate with commas for several.
        #[arg(long, required = true, value_delimiter = ',')]
        role: Vec<Role>,
        /// The slug of the user's organisation.
        #[arg(long)]
        org: Option<String>,
        /// Interface language: en or th.
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// Print a one-time password reset link (valid 24 hours) for an account.
    ResetLink {
        /// The account's e-mail address or username.
        #[arg(long)]
        email: String,
    },
}

pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    crate::telemetry::init();
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => commands::serve::run().await,
        Command::Migrate => commands::migrate::run().await,
        Command::Dev {
            command:
                DevCommand::Seed {
                    trainees,
                    courses,
                    seed,
                },
        } => commands::dev::seed(trainees, courses, seed).await,
        Command::Dev {
            command: DevCommand::ReportBenchmark { runs },
        } => commands::dev::report_benchmark(runs).await,
        Command::Dev {
            command: DevCommand::ExportBenchmark { format },
        } => commands::dev::export_benchmark(&format).await,
        Command::CertificateBenchmark { count, out } => {
            commands::certificate_benchmark::run(count, out.as_deref())
        }
        Command::VerifyCredential { file, issuer } => {
            commands::verify_credential::run(&file, &issuer)
        }
        Command::Backup { file } => commands::backup::run(&file).await,
        Command::Restore { file } => commands::restore::run(&file).await,
        Command::Check => commands::check::run().await,
        Command::Dev {
            command: DevCommand::Accounts { count, prefix, org },
        } => commands::dev::accounts(count, &prefix, org).await,
        Command::ImportGift { file, out } => commands::gift::run(&file, &out),
        Command::Import { dir, hashes } => commands::import::run(&dir, hashes).await,
        Command::Export { dir } => commands::export::run(&dir).await,
        Command::Org {
            command: OrgCommand::Create { slug, name, parent },
        } => commands::org::create(&slug, &name, parent.as_deref()).await,
        Command::Cohort {
            command:
                CohortCommand::Create {
                    name,
                    org,
                    trainer,
                    province,
                    starts,
                    due,
                },
        } => {
            let details = app::ssr::cohorts::Details {
                name,
                organisation: org,
                province: province.unwrap_or_default(),
                starts_on: starts.unwrap_or_default(),
                due_on: due.unwrap_or_default(),
            };
            commands::cohort::create(details, trainer.as_deref()).await
        }
        Command::Cohort {
            command: CohortCommand::Enrol { id, file, dry_run },
        } => commands::cohort::enrol(id, &file, dry_run).await,
        Command::Audit {
            command: AuditCommand::Verify,
        } => commands::audit::verify().await,
        Command::Audit {
            command: AuditCommand::Benchmark { entries },
        } => commands::audit::benchmark(entries).await,
        Command::User {
            command: UserCommand::ResetLink { email },
        } => commands::user::reset_link(&email).await,
        Command::User {
            command:
                UserCommand::Create {
                    email,
                    username,
                    name,
                    name_latin,
                    role,
                    org,
                    language,
                },
        } => {
            commands::user::create(commands::user::CreateArgs {
                email: email.unwrap_or_default(),
                username,
                name,
                name_latin,
                roles: role,
                org,
                language,
            })
            .await
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            error.kind().into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn roles_parse_repeated_or_comma_separated() {
        let cli = Cli::try_parse_from([
            "lantern",
            "user",
            "create",
            "--email",
            "a@b.org",
            "--name",
            "A",
            "--role",
            "trainer,trainee",
            "--role",
            "admin",
        ])
        .unwrap();
        let Some(Command::User {
            command: UserCommand::Create { role, .. },
        }) = cli.command
        else {
            panic!("parsed the wrong command")
        };
        assert_eq!(role, vec![Role::Trainer, Role::Trainee, Role::Admin]);
        let err = Cli::try_parse_from([
            "lantern", "user", "create", "--email", "a@b.org", "--name", "A", "--role", "boss",
        ])
        .unwrap_err();
        assert!(err.to_string().contains("unknown role `boss`"), "{err}");
    }

    #[test]
    fn serve_is_the_default() {
        assert!(Cli::try_parse_from(["lantern"]).unwrap().command.is_none());
    }
}
