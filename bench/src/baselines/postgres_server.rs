//! A private PostgreSQL cluster for the bench: Debian's binaries (installed with
//! `apt-get install postgresql` when missing), a fresh `initdb` in
//! `<work_dir>/postgres/data`, started with `pg_ctl` on 127.0.0.1 and a free port,
//! the unix socket inside the work directory, and stopped (`-m fast`) on drop.
//!
//! PostgreSQL refuses to run as root; when we are root the cluster belongs to
//! the `postgres` user (created by Debian's package), or `nobody` without it,
//! and its commands run through `runuser`.
//!
//! Settings (appended to `postgresql.conf`) for a 2-core, 24 GiB machine:
//! `shared_buffers 2GB`, `effective_cache_size 16GB`, `work_mem 64MB`,
//! `maintenance_work_mem 1GB`, `max_parallel_workers_per_gather 2`,
//! `max_parallel_maintenance_workers 2`, `max_wal_size 8GB`,
//! `checkpoint_completion_target 0.9`, `random_page_cost 1.1`,
//! `effective_io_concurrency 200`, `jit off` (JIT compilation costs more than it
//! saves on these sub-second queries). Durability settings stay at their defaults
//! (`fsync on`, `full_page_writes on`); only the load sessions set
//! `synchronous_commit off`.

use std::fs;
use std::net::TcpListener;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

/// The database role the bench connects as (trust authentication, loopback only).
pub const ROLE: &str = "bench";

/// A running cluster; stopped when dropped.
pub struct PgServer {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    run_as: Option<SystemUser>,
}

/// An unprivileged account to run the server as.
#[derive(Debug, Clone)]
struct SystemUser {
    name: String,
    uid: u32,
    gid: u32,
}

impl PgServer {
    /// Initialises and starts a fresh cluster under `root` (removing any previous one).
    pub fn start(root: &Path) -> anyhow::Result<Self> {
        let bin = match find_bin_dir() {
            Some(bin) => bin,
            None => {
                install_postgresql()?;
                find_bin_dir().context(
                    "`apt-get install postgresql` succeeded but initdb/pg_ctl are still missing",
                )?
            }
        };
        let run_as = if running_as_root()? {
            Some(unprivileged_user()?)
        } else {
            None
        };
        let data = root.join("data");
        let socket_dir = root.join("socket");
        if data.join("postmaster.pid").exists() {
            // A cluster left running by an earlier, interrupted run.
            let _ = run_tool(
                &bin,
                run_as.as_ref(),
                "pg_ctl",
                &stop_args(&data, "immediate"),
            );
        }
        if data.exists() {
            fs::remove_dir_all(&data).with_context(|| format!("removing {}", data.display()))?;
        }
        fs::create_dir_all(&socket_dir)
            .with_context(|| format!("creating {}", socket_dir.display()))?;
        if let Some(user) = &run_as {
            make_reachable(root, user)?;
            for dir in [root, &socket_dir] {
                std::os::unix::fs::chown(dir, Some(user.uid), Some(user.gid))
                    .with_context(|| format!("chown {} to {}", dir.display(), user.name))?;
            }
        }
        let data_arg = path_arg(&data)?.to_string();
        run_tool(
            &bin,
            run_as.as_ref(),
            "initdb",
            &[
                "-D",
                &data_arg,
                "-U",
                ROLE,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
        )?;
        let port = free_port()?;
        let settings = format!(
            "\n# gazette-bench\nlisten_addresses = '127.0.0.1'\nport = {port}\n\
             unix_socket_directories = '{socket}'\nmax_connections = 100\n\
             shared_buffers = '2GB'\neffective_cache_size = '16GB'\nwork_mem = '64MB'\n\
             maintenance_work_mem = '1GB'\nmax_parallel_workers_per_gather = 2\n\
             max_parallel_maintenance_workers = 2\nmax_wal_size = '8GB'\n\
             checkpoint_completion_target = 0.9\nrandom_page_cost = 1.1\n\
             effective_io_concurrency = 200\njit = off\n",
            socket = socket_dir.display()
        );
        let conf = data.join("postgresql.conf");
        let mut text =
            fs::read_to_string(&conf).with_context(|| format!("reading {}", conf.display()))?;
        text.push_str(&settings);
        fs::write(&conf, text).with_context(|| format!("writing {}", conf.display()))?;
        let log = root.join("server.log");
        let log_arg = path_arg(&log)?;
        let server = PgServer {
            bin,
            data,
            port,
            run_as,
        };
        run_tool(
            &server.bin,
            server.run_as.as_ref(),
            "pg_ctl",
            &["-D", &data_arg, "-l", log_arg, "-w", "-t", "120", "start"],
        )
        .with_context(|| format!("starting PostgreSQL (log: {})", log.display()))?;
        Ok(server)
    }

    /// A libpq-style connection string for `dbname` over TCP loopback.
    pub fn conninfo(&self, dbname: &str) -> String {
        format!(
            "host=127.0.0.1 port={} user={ROLE} dbname={dbname}",
            self.port
        )
    }

    /// The postmaster's process id, from `postmaster.pid`.
    pub fn postmaster_pid(&self) -> Option<u32> {
        let pid_file = fs::read_to_string(self.data.join("postmaster.pid")).ok()?;
        pid_file.lines().next()?.trim().parse().ok()
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let stopped = run_tool(
            &self.bin,
            self.run_as.as_ref(),
            "pg_ctl",
            &stop_args(&self.data, "fast"),
        );
        if let Err(error) = stopped {
            eprintln!("gazette-bench: stopping PostgreSQL: {error:#}");
        }
    }
}

fn stop_args<'a>(data: &'a Path, mode: &'a str) -> Vec<&'a str> {
    vec![
        "-D",
        data.to_str().unwrap_or_default(),
        "-m",
        mode,
        "-w",
        "stop",
    ]
}

fn path_arg(path: &Path) -> anyhow::Result<&str> {
    path.to_str()
        .with_context(|| format!("{} is not valid UTF-8", path.display()))
}

/// Runs one of PostgreSQL's programs, as `user` when given; fails with its output.
fn run_tool(
    bin: &Path,
    user: Option<&SystemUser>,
    tool: &str,
    args: &[&str],
) -> anyhow::Result<()> {
    let program = bin.join(tool);
    let mut command = match user {
        Some(user) => {
            let mut command = Command::new("runuser");
            command.args(["-u", &user.name, "--"]).arg(&program);
            command
        }
        None => Command::new(&program),
    };
    command.args(args).current_dir("/");
    let output = command
        .output()
        .with_context(|| format!("running {}", program.display()))?;
    if !output.status.success() {
        bail!(
            "{tool} {} failed ({}): {}{}",
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

/// Debian's PostgreSQL binaries: the newest `/usr/lib/postgresql/<version>/bin`,
/// else the directory `initdb` resolves to on `PATH`.
fn find_bin_dir() -> Option<PathBuf> {
    let complete = |dir: &Path| {
        ["initdb", "pg_ctl", "postgres"]
            .iter()
            .all(|t| dir.join(t).is_file())
    };
    let debian = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version: f64 = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            complete(&bin).then_some((version, bin))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, bin)| bin);
    debian.or_else(|| {
        std::env::var_os("PATH")
            .into_iter()
            .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
            .find_map(|dir| {
                let initdb = fs::canonicalize(dir.join("initdb")).ok()?;
                let bin = initdb.parent()?.to_path_buf();
                complete(&bin).then_some(bin)
            })
    })
}

/// Installs Debian's `postgresql` package (needs root and the package archive).
fn install_postgresql() -> anyhow::Result<()> {
    if !running_as_root()? {
        bail!(
            "PostgreSQL is not installed and we are not root: \
             run `sudo apt-get install -y postgresql` and retry"
        );
    }
    let apt = |args: &[&str]| -> anyhow::Result<bool> {
        eprintln!("gazette-bench: running `apt-get {}`", args.join(" "));
        let status = Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .context("running apt-get (is this a Debian-based system?)")?;
        Ok(status.success())
    };
    if apt(&["install", "-y", "postgresql"])? {
        return Ok(());
    }
    if apt(&["update"])? && apt(&["install", "-y", "postgresql"])? {
        return Ok(());
    }
    bail!("could not install PostgreSQL with apt-get (no network or no package archive?)")
}

fn running_as_root() -> anyhow::Result<bool> {
    // /proc/self belongs to the process's effective user.
    Ok(fs::metadata("/proc/self")
        .context("reading /proc/self")?
        .uid()
        == 0)
}

/// `postgres` (Debian's package creates it) or else `nobody`, from /etc/passwd.
fn unprivileged_user() -> anyhow::Result<SystemUser> {
    let passwd = fs::read_to_string("/etc/passwd").context("reading /etc/passwd")?;
    let find = |wanted: &str| {
        passwd.lines().find_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            match fields.as_slice() {
                [name, _, uid, gid, ..] if *name == wanted => Some(SystemUser {
                    name: name.to_string(),
                    uid: uid.parse().ok()?,
                    gid: gid.parse().ok()?,
                }),
                _ => None,
            }
        })
    };
    find("postgres")
        .or_else(|| find("nobody"))
        .context("no `postgres` or `nobody` user to run PostgreSQL as (it refuses to run as root)")
}

/// Lets `user` reach `root`: directories of the work directory that others cannot
/// traverse get `o+x` (search only, not listing); a parent outside it is an error.
fn make_reachable(root: &Path, user: &SystemUser) -> anyhow::Result<()> {
    let work_dir = root.parent().unwrap_or(root);
    for dir in root.ancestors().skip(1) {
        let meta = fs::metadata(dir).with_context(|| format!("reading {}", dir.display()))?;
        let mode = meta.permissions().mode();
        if mode & 0o001 != 0 || meta.uid() == user.uid {
            continue;
        }
        if !dir.starts_with(work_dir) {
            bail!(
                "PostgreSQL runs as `{}`, which cannot reach {} ({} is mode {:o}): \
                 choose a work directory under /tmp",
                user.name,
                root.display(),
                dir.display(),
                mode & 0o777
            );
        }
        eprintln!(
            "gazette-bench: chmod o+x {} so that PostgreSQL (user {}) can reach its data",
            dir.display(),
            user.name
        );
        fs::set_permissions(dir, fs::Permissions::from_mode(mode | 0o001))
            .with_context(|| format!("chmod o+x {}", dir.display()))?;
    }
    Ok(())
}

/// A loopback port nobody listens on now.
fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}
