//! Reading many files with several reads in flight, apart from the work
//! done on their bytes.
//!
//! A read from a cold disk (or a network file system) waits on the device,
//! not on the processor, and the device serves several requests at once far
//! faster than one after another: on this project's VM, reading the 100,000
//! files of the generated benchmark corpus from a cold page cache took 6.9 s
//! one file at a time and 2.5 s eight at a time. So files are read by a few
//! reader threads of their own, whatever the number of worker threads, and
//! the workers only build documents from the bytes.

use rayon::iter::{IntoParallelRefIterator, ParallelBridge, ParallelIterator};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::sync_channel;

/// Files read at once.
const READERS: usize = 8;
/// Files read but not yet taken by a worker, at most: bounds the memory
/// held ahead of the workers.
const READ_AHEAD: usize = 64;
/// Files a reader reads in a row and hands over together, at most. Every
/// hand-over may wake a sleeping thread, and on a virtual machine a wake-up
/// and the switch to the woken thread cost more processor time than the
/// read of a small file from the page cache; batches of files cut them.
const BATCH: usize = 16;

/// `build(path, bytes)` for every path, with the files read by up to
/// [`READERS`] reader threads and `build` run on the current rayon pool;
/// results in the order of `paths`. With a single file, or when no reader
/// thread can be started, files are read by the workers themselves.
pub(crate) fn read_all<T, F>(paths: &[PathBuf], build: F) -> Vec<T>
where
    T: Send,
    F: Fn(&Path, io::Result<Vec<u8>>) -> T + Sync,
{
    let read_by_workers = || paths.par_iter().map(|path| build(path, std::fs::read(path))).collect();
    if paths.len() < 2 {
        return read_by_workers();
    }
    // small sets are spread over the readers, large ones go in batches
    let batch = (paths.len() / (READERS * 4)).clamp(1, BATCH);
    let next = AtomicUsize::new(0);
    let (sender, receiver) = sync_channel::<Vec<(usize, io::Result<Vec<u8>>)>>((READ_AHEAD / batch).max(1));
    std::thread::scope(|scope| {
        let mut started = 0;
        for n in 0..READERS.min(paths.len()) {
            let sender = sender.clone();
            let next = &next;
            let reader = move || loop {
                let first = next.fetch_add(batch, Ordering::Relaxed);
                let Some(chunk) = paths.get(first..(first + batch).min(paths.len())) else { break };
                if chunk.is_empty() {
                    break;
                }
                let read = chunk.iter().enumerate().map(|(i, path)| (first + i, std::fs::read(path))).collect();
                // the receiver is gone only if the workers stopped
                if sender.send(read).is_err() {
                    break;
                }
            };
            if std::thread::Builder::new().name(format!("reader-{n}")).spawn_scoped(scope, reader).is_ok() {
                started += 1;
            }
        }
        drop(sender);
        if started == 0 {
            return read_by_workers();
        }
        let mut built: Vec<(usize, T)> = receiver
            .into_iter()
            .par_bridge()
            .flat_map_iter(|read| read.into_iter().filter_map(|(index, bytes)| paths.get(index).map(|path| (index, build(path, bytes)))))
            .collect();
        built.sort_unstable_by_key(|(index, _)| *index);
        built.into_iter().map(|(_, result)| result).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_path_order_with_errors_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let mut paths: Vec<PathBuf> = (0..300).map(|i| dir.path().join(format!("{i}.txt"))).collect();
        for (i, p) in paths.iter().enumerate() {
            std::fs::write(p, i.to_string()).unwrap();
        }
        paths.insert(150, dir.path().join("missing.txt"));
        let read = read_all(&paths, |path, bytes| (path.to_path_buf(), bytes.map(|b| String::from_utf8(b).unwrap())));
        assert_eq!(read.len(), 301);
        for (i, (path, text)) in read.iter().enumerate() {
            assert_eq!(path, &paths[i]);
            match i.cmp(&150) {
                std::cmp::Ordering::Less => assert_eq!(text.as_deref().unwrap(), i.to_string()),
                std::cmp::Ordering::Equal => assert_eq!(text.as_ref().unwrap_err().kind(), io::ErrorKind::NotFound),
                std::cmp::Ordering::Greater => assert_eq!(text.as_deref().unwrap(), (i - 1).to_string()),
            }
        }
    }

    #[test]
    fn one_file_and_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "x").unwrap();
        assert_eq!(read_all(std::slice::from_ref(&path), |_, b| b.unwrap()), vec![b"x".to_vec()]);
        assert!(read_all(&[], |_, b: io::Result<Vec<u8>>| b.is_ok()).is_empty());
    }
}
