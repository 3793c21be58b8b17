//! The exported C entry points, called as C would call them, in a process of
//! their own (the `hs_init` count is process-wide state).

use std::ffi::{CStr, CString, c_char, c_int};

use hsrts::lifecycle::runtime_is_running;
use hsrts::{hs_exit, hs_init, hsrts_feature_vector};

#[test]
fn init_and_exit_nest_like_ghc() {
    // One test function: the steps depend on the shared count.
    let program = CString::new("c_entry_points").unwrap();
    let mut argv_storage: Vec<*mut c_char> =
        vec![program.as_ptr().cast_mut(), std::ptr::null_mut()];
    let mut argc: c_int = 1;
    let mut argv: *mut *mut c_char = argv_storage.as_mut_ptr();

    assert!(!runtime_is_running());
    // SAFETY: argc and argv point to a valid argument vector of one string.
    unsafe { hs_init(&mut argc, &mut argv) };
    assert!(runtime_is_running());
    assert_eq!(
        argc, 1,
        "hs_init must leave a vector without RTS options alone"
    );
    // SAFETY: null arguments are allowed.
    unsafe { hs_init(std::ptr::null_mut(), std::ptr::null_mut()) };

    // SAFETY: the returned pointer is a static NUL-terminated string.
    let vector = unsafe { CStr::from_ptr(hsrts_feature_vector()) };
    assert_eq!(vector.to_str(), Ok(rts_features::FEATURE_VECTOR));

    hs_exit();
    assert!(
        runtime_is_running(),
        "a nested hs_exit must not stop the runtime"
    );
    hs_exit();
    assert!(!runtime_is_running());
    hs_exit(); // too many: a warning on stderr, no crash
    assert!(!runtime_is_running());
    drop(argv_storage);
}
