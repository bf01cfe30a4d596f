//! Settings of the process itself, made once at start before any other thread runs.

/// glibc keeps the memory of a freed large allocation in the arena of the thread that made it,
/// and raises its mmap threshold as it goes. Each password hash (Argon2id) allocates 19 MiB on
/// whichever blocking thread runs it, so every sign-in would leave ~19 MiB resident. A fixed
/// threshold sends allocations of 1 MiB and more to mmap, which gives them back when freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn return_large_allocations_to_the_system() {
    // SAFETY: mallopt only changes allocator parameters; it is called before any other thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn return_large_allocations_to_the_system() {}

/// Each upload in progress holds a socket and a staged file: the soft limit on open files
/// (often 1,024) would run out long before the hard one, and every other request would then fail.
#[cfg(unix)]
pub fn raise_open_file_limit() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct given.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max
        {
            let raised = libc::rlimit {
                rlim_cur: limit.rlim_max,
                rlim_max: limit.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                tracing::info!(
                    from = limit.rlim_cur,
                    to = limit.rlim_max,
                    "open file limit raised"
                );
            }
        }
    }
}

#[cfg(not(unix))]
pub fn raise_open_file_limit() {}
