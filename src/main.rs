use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};

use pcp_desk::audit::ChainReport;
use pcp_desk::config::Settings;
use pcp_desk::domain::access::Role;
use pcp_desk::service::accounts::{self, NewAuthority, NewUser};
use pcp_desk::startup::Application;
use pcp_desk::{db, demo};

#[derive(Parser)]
#[command(
    name = "pcp-desk",
    version,
    about = "Pre-commercial procurement and competitive dialogue"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application and the API.
    Serve {
        /// Load the demo data first if the database is empty.
        #[arg(long)]
        demo: bool,
        /// Address to listen on (default: PCP_DESK_BIND or 127.0.0.1:8080).
        #[arg(long)]
        bind: Option<String>,
    },
    /// Apply the database migrations and exit.
    Migrate,
    /// Load the demo data into the configured (empty) database.
    Demo,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage contracting authorities.
    Authority {
        #[command(subcommand)]
        command: AuthorityCommand,
    },
    /// Remove stored files that no record refers to, and uploads left by an interruption.
    Gc {
        /// Only report what would be removed.
        #[arg(long)]
        dry_run: bool,
        /// Leave files changed less than this many minutes ago (uploads that may be running
        /// in a service still serving; 0 when the service is stopped).
        #[arg(long, default_value_t = 60)]
        min_age_minutes: u64,
    },
    /// Copy the database and the files it refers to into DIR, while the service runs.
    Backup { dir: std::path::PathBuf },
    /// Bring a backup back into the configured (empty) data dir and database.
    Restore { dir: std::path::PathBuf },
    /// Check the audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account; the password is read from standard input (or prompted).
    Add {
        #[arg(long, value_parser = parse_role)]
        role: Role,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: Option<String>,
        /// The contracting authority of an officer.
        #[arg(long)]
        authority: Option<String>,
        /// The organisation of a supplier.
        #[arg(long)]
        organisation: Option<String>,
    },
}

#[derive(Subcommand)]
enum AuthorityCommand {
    /// Register a contracting authority and print its id.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        fiscal_code: String,
        #[arg(long)]
        address: String,
        /// A JSON file with the authority's profile for eForms notices (docs/operations.md).
        #[arg(long)]
        profile: Option<std::path::PathBuf>,
    },
    /// List contracting authorities with their ids.
    List,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Follow the hash chain and report the first broken link, or the first anchor (issued
    /// document, signed checkpoint) the chain no longer meets.
    Verify {
        /// A checkpoint file kept elsewhere (besides those in the data dir); may repeat.
        #[arg(long)]
        checkpoint: Vec<std::path::PathBuf>,
        /// The public key the checkpoints must be signed with (default: the configured key's).
        #[arg(long)]
        public_key: Option<String>,
        /// An OCDS release or record package harvested earlier: each release's audit anchor
        /// must still lie on the chain; may repeat.
        #[arg(long)]
        ocds: Vec<std::path::PathBuf>,
    },
    /// Sign the chain's head with the key in PCP_DESK_AUDIT_KEY_FILE (created if absent), keep
    /// the checkpoint in the data dir and print it, for publishing.
    Checkpoint,
    /// Print the public key that checks the checkpoints.
    PublicKey,
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| "one of: admin, officer, evaluator, supplier".to_string())
}

fn read_password() -> anyhow::Result<String> {
    let password = if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Password: ")?
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    if password.is_empty() {
        bail!("no password given on standard input");
    }
    Ok(password)
}

fn main() -> ExitCode {
    pcp_desk::process::return_large_allocations_to_the_system();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,actix_server=warn".into()),
        )
        .with_target(false)
        .init();
    pcp_desk::process::raise_open_file_limit();
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn open_db(settings: &Settings) -> anyhow::Result<db::PooledConnection> {
    let pool = db::connect(&settings.database_url)?;
    pool.get().context("cannot get a database connection")
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let mut settings = Settings::from_env().map_err(anyhow::Error::msg)?;
    match cli.command {
        Command::Serve {
            demo: load_demo,
            bind,
        } => {
            if let Some(bind) = bind {
                settings.bind = bind;
            }
            serve(settings, load_demo)?;
        }
        Command::Migrate => {
            open_db(&settings)?;
            println!(
                "database is up to date: {}",
                db::redact(&settings.database_url)
            );
        }
        Command::Demo => {
            let mut conn = open_db(&settings)?;
            let blobs = pcp_desk::storage::BlobStore::open(&settings.data_dir.join("blobs"))?;
            if demo::load(&mut conn, &blobs, chrono::Utc::now()).map_err(describe)? {
                demo::print_accounts(&settings.bind);
            } else {
                println!("the database already has accounts: demo data not loaded");
            }
        }
        Command::User {
            command:
                UserCommand::Add {
                    role,
                    email,
                    name,
                    authority,
                    organisation,
                },
        } => {
            let password = read_password()?;
            let mut conn = open_db(&settings)?;
            let id = accounts::create_user(
                &mut conn,
                "system",
                NewUser {
                    email: &email,
                    password: &password,
                    role,
                    display_name: name.as_deref().unwrap_or(&email),
                    authority_id: authority.as_deref(),
                    organisation_id: organisation.as_deref(),
                },
                chrono::Utc::now(),
            )
            .map_err(describe)?;
            println!("{id}");
        }
        Command::Authority {
            command:
                AuthorityCommand::Add {
                    name,
                    fiscal_code,
                    address,
                    profile,
                },
        } => {
            let profile: Option<pcp_desk::domain::authority::AuthorityProfile> = match profile {
                Some(path) => Some(
                    serde_json::from_slice(&std::fs::read(&path)?)
                        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
                ),
                None => None,
            };
            let mut conn = open_db(&settings)?;
            let a = accounts::create_authority(
                &mut conn,
                "system",
                NewAuthority {
                    name: &name,
                    fiscal_code: &fiscal_code,
                    address: &address,
                    profile: profile.as_ref(),
                },
                chrono::Utc::now(),
            )
            .map_err(describe)?;
            println!("{}", a.id);
        }
        Command::Authority {
            command: AuthorityCommand::List,
        } => {
            let mut conn = open_db(&settings)?;
            for a in db::accounts::list_authorities(&mut conn)? {
                println!("{}  {}  {}", a.id, a.fiscal_code, a.name);
            }
        }
        Command::Gc {
            dry_run,
            min_age_minutes,
        } => {
            let mut conn = open_db(&settings)?;
            let blobs = pcp_desk::storage::BlobStore::open(&settings.data_dir.join("blobs"))?;
            let min_age = std::time::Duration::from_secs(min_age_minutes.saturating_mul(60));
            let staged = blobs.sweep_staged(min_age, dry_run)?;
            let orphans = pcp_desk::service::blobs::collect_orphans(
                &mut conn,
                &blobs,
                None,
                min_age,
                dry_run,
                chrono::Utc::now(),
            )?;
            let verb = if dry_run { "would remove" } else { "removed" };
            println!(
                "{verb} {} unreferenced files ({} bytes) and {} interrupted uploads ({} bytes)",
                orphans.orphans.len(),
                orphans.orphan_bytes,
                staged.staged,
                staged.staged_bytes
            );
            for hash in &orphans.orphans {
                println!("  {hash}");
            }
        }
        Command::Backup { dir } => {
            let m = pcp_desk::backup::backup(&settings, &dir)?;
            println!(
                "backup of the {} database in {}: {} files ({} bytes), audit log up to event {}",
                m.database,
                dir.display(),
                m.files,
                m.bytes,
                m.audit_seq.unwrap_or(0)
            );
        }
        Command::Restore { dir } => {
            let m = pcp_desk::backup::restore(&settings, &dir)?;
            println!(
                "restored the backup of {} ({} files); now run `pcp-desk audit verify`",
                m.created_at.to_rfc3339(),
                m.files
            );
        }
        Command::Audit { command } => return audit_command(&settings, command),
    }
    Ok(ExitCode::SUCCESS)
}

fn audit_command(settings: &Settings, command: AuditCommand) -> anyhow::Result<ExitCode> {
    use pcp_desk::audit::checkpoint;
    let mut conn = open_db(settings)?;
    match command {
        AuditCommand::Verify {
            checkpoint: files,
            public_key,
            ocds,
        } => {
            let mut anchors = Vec::new();
            for file in &ocds {
                let package: serde_json::Value = serde_json::from_slice(&std::fs::read(file)?)
                    .map_err(|e| anyhow::anyhow!("{} is not JSON: {e}", file.display()))?;
                anchors.extend(pcp_desk::audit::ocds_anchors(&package));
            }
            let extra = files
                .iter()
                .map(|f| Ok((f.display().to_string(), checkpoint::read(f)?)))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let key = public_key
                .as_deref()
                .map(checkpoint::parse_public_key)
                .transpose()?;
            match checkpoint::verify_configured(&mut conn, settings, key, extra, anchors)? {
                ChainReport::Intact { events } => println!("audit log intact: {events} events"),
                ChainReport::Broken { seq, reason } => {
                    println!("audit log broken at event {seq}: {reason}");
                    return Ok(ExitCode::from(2));
                }
            }
        }
        AuditCommand::Checkpoint => {
            let key = checkpoint::load_or_create_key(&settings.audit_key_file)?;
            let signed = checkpoint::make(
                &mut conn,
                &key,
                &settings.checkpoints_dir(),
                chrono::Utc::now(),
            )?;
            println!("{}", serde_json::to_string_pretty(&signed)?);
        }
        AuditCommand::PublicKey => {
            let key = checkpoint::load_or_create_key(&settings.audit_key_file)?;
            println!("{}", hex::encode(key.verifying_key().as_bytes()));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Command-line errors in plain words, field by field.
fn describe(e: pcp_desk::error::AppError) -> anyhow::Error {
    let body = e.body(pcp_desk::domain::lang::Lang::En);
    let mut text = body.message;
    for f in body.fields {
        text.push_str(&format!("\n  {}: {}", f.field, f.message));
    }
    anyhow::anyhow!(text)
}

fn serve(settings: Settings, load_demo: bool) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(settings.clone())?;
        if load_demo {
            let loaded = app
                .state
                .db({
                    let blobs = app.state.blobs.clone();
                    move |conn| demo::load(conn, &blobs, chrono::Utc::now())
                })
                .await
                .map_err(describe)?;
            if !loaded {
                println!("the database already has accounts: demo data not loaded (logins below still apply if it was the demo)");
            }
        }
        let address = settings.bind.replace("0.0.0.0", "127.0.0.1");
        let address = match address.rsplit_once(':') {
            Some((host, _)) => format!("{host}:{}", app.port()),
            None => address,
        };
        if load_demo {
            demo::print_accounts(&address);
        } else {
            println!("PCP Desk listening on http://{address}");
        }
        app.run_until_stopped().await.context("server stopped with an error")
    })
}
