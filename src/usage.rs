//! What this process has used so far: processor time and peak memory, as
//! Linux's `/proc` gives them (`None` elsewhere, or when it cannot be read).
//! For `--timings` and the benchmark; nothing in the pipeline depends on it.

/// Clock ticks a second in `/proc/self/stat`: `USER_HZ`, 100 on every Linux
/// architecture's user-space interface.
const TICKS_PER_SECOND: f64 = 100.0;

/// User and system processor seconds of this process so far, every thread
/// counted (those that ended too), to the hundredth of a second.
pub fn cpu_seconds() -> Option<f64> {
    cpu_seconds_of_stat(&std::fs::read_to_string("/proc/self/stat").ok()?)
}

/// The user and system time of a `/proc/PID/stat` line, in seconds. Its
/// second field, the command's name in parentheses, may hold spaces and
/// parentheses itself, so the fields are counted after its last `)`.
fn cpu_seconds_of_stat(stat: &str) -> Option<f64> {
    let (_, after_name) = stat.rsplit_once(')')?;
    // after the name: state (field 3) … utime (14), stime (15)
    let mut fields = after_name.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some((user + system) as f64 / TICKS_PER_SECOND)
}

/// The most memory this process has held in RAM at once (its peak resident
/// set, `VmHWM`), in megabytes of 2^20 bytes.
pub fn peak_memory_mb() -> Option<f64> {
    peak_memory_mb_of_status(&std::fs::read_to_string("/proc/self/status").ok()?)
}

/// `VmHWM` of a `/proc/PID/status` text, in megabytes.
fn peak_memory_mb_of_status(status: &str) -> Option<f64> {
    let value = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?;
    let mut parts = value.split_whitespace();
    let kb: f64 = parts.next()?.parse().ok()?;
    (parts.next() == Some("kB")).then_some(kb / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn processor_time_is_read_after_the_name() {
        let stat = "4349 (cat) R 4347 4347 30880 0 -1 4194304 126 0 0 0 250 31 0 0 20 0 1 0";
        assert_eq!(cpu_seconds_of_stat(stat), Some(2.81));
        // a name with spaces and a parenthesis of its own
        let odd = "17 (a b) c)) S 1 17 17 0 -1 4194304 126 0 0 0 7 3 0 0 20 0 1 0";
        assert_eq!(cpu_seconds_of_stat(odd), Some(0.1));
        assert_eq!(cpu_seconds_of_stat("17 (cut short) S 1 2"), None);
        assert_eq!(cpu_seconds_of_stat("no name here"), None);
    }

    #[test]
    fn peak_memory_is_vm_hwm_in_megabytes() {
        let status = "Name:\tcat\nVmPeak:\t    5000 kB\nVmHWM:\t    2048 kB\nVmRSS:\t    1964 kB\n";
        assert_eq!(peak_memory_mb_of_status(status), Some(2.0));
        assert_eq!(peak_memory_mb_of_status("VmHWM:\t 2048 pages\n"), None, "a unit other than kB is not guessed");
        assert_eq!(peak_memory_mb_of_status("Name:\tcat\n"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_is_measured_on_linux() {
        let before = cpu_seconds().expect("/proc/self/stat");
        let start = std::time::Instant::now();
        let mut x = 0u64;
        while start.elapsed().as_millis() < 60 {
            x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
        let after = cpu_seconds().expect("/proc/self/stat");
        assert!(after > before, "60 ms of work counted: {before} → {after}");
        assert!(peak_memory_mb().expect("/proc/self/status") > 1.0);
    }
}
