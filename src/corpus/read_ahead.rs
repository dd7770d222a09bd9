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

/// Bytes of a reader's buffer, which grows by doubling for a larger file.
const BUFFER_BYTES: usize = 64 << 10;
/// Files up to this size are copied out of the reader's buffer; a larger
/// one takes the buffer itself (no second copy of a big file in memory).
const COPIED_MAX: usize = 1 << 20;

/// The bytes of the file at `path`, read through `buffer` (zero-filled up
/// to its length, kept from file to file). `std::fs::read` asks the file
/// system for the size first, one more system call per file (10,000 at 10k
/// documents); here the bytes go into the buffer until a read returns none,
/// and come out at their exact size.
fn read_file(path: &Path, buffer: &mut Vec<u8>) -> io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    let mut filled = 0;
    loop {
        if filled == buffer.len() {
            buffer.resize((buffer.len() * 2).max(BUFFER_BYTES), 0);
        }
        match io::Read::read(&mut file, buffer.get_mut(filled..).unwrap_or_default()) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    if filled > COPIED_MAX {
        buffer.truncate(filled);
        return Ok(std::mem::take(buffer));
    }
    Ok(buffer.get(..filled).unwrap_or_default().to_vec())
}

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
            let reader = move || {
                let mut buffer = Vec::new();
                loop {
                    let first = next.fetch_add(batch, Ordering::Relaxed);
                    let Some(chunk) = paths.get(first..(first + batch).min(paths.len())) else { break };
                    if chunk.is_empty() {
                        break;
                    }
                    let read = chunk.iter().enumerate().map(|(i, path)| (first + i, read_file(path, &mut buffer))).collect();
                    // the receiver is gone only if the workers stopped
                    if sender.send(read).is_err() {
                        break;
                    }
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
    fn files_read_through_one_buffer_come_out_whole_and_apart() {
        let dir = tempfile::tempdir().unwrap();
        let sizes = [0, 1, 4000, BUFFER_BYTES, BUFFER_BYTES + 1, 10, COPIED_MAX + 5, 3, 2 * COPIED_MAX, 7];
        let mut buffer = Vec::new();
        for (i, size) in sizes.into_iter().enumerate() {
            let path = dir.path().join(format!("{i}.txt"));
            let bytes: Vec<u8> = (0..size).map(|j| (j * 31 + i) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            let read = read_file(&path, &mut buffer).unwrap();
            assert_eq!(read, bytes, "file of {size} bytes");
            assert!(read.capacity() == read.len() || size > COPIED_MAX, "a small file's bytes at their exact size");
        }
        assert_eq!(read_file(&dir.path().join("missing.txt"), &mut buffer).unwrap_err().kind(), io::ErrorKind::NotFound);
        assert!(read_file(dir.path(), &mut buffer).is_err(), "a folder is not a file");
    }

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
