//! Where output goes: stdout, or a file written atomically (a temporary
//! file in the same folder, renamed over the target) that is never
//! overwritten without `--force`. Also decides colour and table width.

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// `--output FILE` and `--force`.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Write to FILE instead of stdout (atomically; refuses an existing file without --force; `-` is stdout).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// When to colour the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    /// When writing to a terminal and NO_COLOR is unset or empty.
    #[default]
    Auto,
    /// Always (even into a file or a pipe).
    Always,
    /// Never.
    Never,
}

impl OutputArgs {
    /// The file to write, if output does not go to stdout (`-o -` is
    /// stdout, as `-` is for the inputs).
    fn file(&self) -> Option<&Path> {
        self.output.as_deref().filter(|p| p.as_os_str() != "-")
    }

    /// True when output goes to a terminal.
    pub fn is_terminal(&self) -> bool {
        self.file().is_none() && std::io::stdout().is_terminal()
    }

    /// Whether to colour: `always`, `never`, or for `auto` a terminal with
    /// NO_COLOR unset or empty and TERM not `dumb`.
    pub fn color(&self, choice: ColorChoice) -> bool {
        match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
                let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
                self.is_terminal() && !no_color && !dumb
            }
        }
    }

    /// The table width: `--width`, else the terminal's when writing to one,
    /// else 100.
    pub fn width(&self, explicit: Option<u16>) -> u16 {
        explicit.or_else(|| if self.is_terminal() { comfy_table::Table::new().width() } else { None }).unwrap_or(100).max(40)
    }

    /// Writes `text` to stdout or to the output file.
    pub fn write(&self, text: &str) -> Result<()> {
        match self.file() {
            Some(path) => write_file(path, text.as_bytes(), self.force),
            None => to_stdout(text),
        }
    }
}

/// Writes `text` to stdout. A failed write (a reader that closed the pipe)
/// is an error returned to the caller, where `print!` would panic.
pub(crate) fn to_stdout(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes()).context("writing to stdout")?;
    stdout.flush().context("writing to stdout")
}

impl OutputArgs {
    /// Streams output produced piece by piece by `produce` to stdout, or
    /// to the output file (atomically, as [`OutputArgs::write`]: nothing
    /// appears at FILE until `produce` has finished without error).
    pub fn stream(&self, produce: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
        match self.file() {
            Some(path) => write_file_with(path, self.force, |w| produce(w)),
            None => {
                let stdout = std::io::stdout().lock();
                let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
                produce(&mut out)?;
                out.flush().context("writing to stdout")
            }
        }
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// folder, synced, then renamed over `path`. Without `force` an existing
/// `path` is an error, also when it appears while writing.
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    write_file_with(path, force, |w| w.write_all(bytes).context("writing"))
}

/// [`write_file`] with the content written by `produce`.
///
/// A path that names something other than a file or a folder (a device
/// such as `/dev/null`, a named pipe) is written into as it is: renaming a
/// file over it would replace the device, not write to it. A block device
/// (a disk) is refused. A symbolic link to a file is followed: with
/// `force` the file it points to is replaced and the link stays.
pub(crate) fn write_file_with(path: &Path, force: bool, produce: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let target = match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => bail!("{} is a folder, not a file", path.display()),
        Ok(meta) if !meta.is_file() => return write_into_special(path, &meta, produce),
        Ok(_) if !force => bail!("{} already exists (use --force to replace it)", path.display()),
        Ok(_) => std::fs::canonicalize(path).with_context(|| format!("resolving {}", path.display()))?,
        Err(_) => path.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        bail!("cannot write {}: the folder {} does not exist", path.display(), dir.display());
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".crosscheck-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, tmp.as_file_mut());
        produce(&mut buffered).with_context(|| format!("writing {}", path.display()))?;
        buffered.flush().with_context(|| format!("writing {}", path.display()))?;
    }
    tmp.as_file().sync_all().with_context(|| format!("syncing {}", tmp.path().display()))?;
    set_readable(tmp.as_file(), &target)?;
    if force {
        tmp.persist(&target).map_err(|e| e.error).with_context(|| format!("renaming the output to {}", target.display()))?;
    } else {
        tmp.persist_noclobber(&target)
            .map_err(|e| e.error)
            .with_context(|| format!("writing {} (without replacing it)", path.display()))?;
    }
    Ok(())
}

/// Writes into a device or named pipe at `path` directly (no temporary
/// file, nothing renamed); a block device is refused.
fn write_into_special(path: &Path, meta: &std::fs::Metadata, produce: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if meta.file_type().is_block_device() {
            bail!("{} is a block device (a disk): refusing to write to it", path.display());
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    let file = std::fs::OpenOptions::new().write(true).open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, file);
    produce(&mut buffered).with_context(|| format!("writing {}", path.display()))?;
    buffered.flush().with_context(|| format!("writing {}", path.display()))
}

/// Temporary files are private (0600); a report gets the replaced file's
/// permissions, or 0644.
#[cfg(unix)]
fn set_readable(file: &std::fs::File, target: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(target).map(|m| m.permissions().mode()).unwrap_or(0o644);
    file.set_permissions(std::fs::Permissions::from_mode(mode)).context("setting the report's permissions")
}

#[cfg(not(unix))]
fn set_readable(_file: &std::fs::File, _target: &Path) -> Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_new_refuses_existing_replaces_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        write_file(&path, b"one", false).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        let err = write_file(&path, b"two", false).unwrap_err();
        assert!(err.to_string().contains("already exists (use --force"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write_file(&path, b"three", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("report.html")]);
    }

    #[cfg(unix)]
    #[test]
    fn new_reports_are_world_readable() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        write_file(&path, b"x", false).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o644);
    }

    #[test]
    fn folder_or_missing_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_file(dir.path(), b"x", true).unwrap_err().to_string().contains("is a folder"));
        let err = write_file(&dir.path().join("no/such/dir/r.md"), b"x", false).unwrap_err();
        assert!(err.to_string().contains("the folder") && err.to_string().contains("does not exist"), "{err}");
    }

    #[test]
    fn a_dash_is_stdout() {
        let args = |o: &str| OutputArgs { output: Some(PathBuf::from(o)), force: false };
        assert_eq!(args("-").file(), None);
        assert_eq!(args("./-").file(), Some(Path::new("./-")), "a file named - is written as ./-");
        assert_eq!(OutputArgs { output: None, force: false }.file(), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_into_never_replaced() {
        use std::os::unix::fs::FileTypeExt;
        // without --force only: a version that renamed over a device with
        // --force would replace the machine's /dev/null when run as root
        write_file(Path::new("/dev/null"), b"report", false).unwrap();
        assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
        // a named pipe, with and without --force: its reader gets the bytes
        // and it stays a pipe
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here
        }
        for force in [false, true] {
            let reader = {
                let fifo = fifo.clone();
                std::thread::spawn(move || std::fs::read(fifo).unwrap())
            };
            write_file(&fifo, b"through the pipe", force).unwrap();
            assert_eq!(reader.join().unwrap(), b"through the pipe");
            assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "force: {force}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_file_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let (file, link) = (dir.path().join("real.md"), dir.path().join("link.md"));
        std::fs::write(&file, "old").unwrap();
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert!(write_file(&link, b"new", false).unwrap_err().to_string().contains("already exists"));
        write_file(&link, b"new", true).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&file).unwrap(), b"new");
    }
}
