//! hsrts's own C entry points (`hsrts_*`, declared in `include/hsrts.h`):
//! the feature vector the library was built with.

use std::ffi::{CStr, c_char};

/// Length of the vector with its terminating NUL.
const VECTOR_BYTES: usize = rts_features::FEATURE_VECTOR.len() + 1;

/// `rts_features::FEATURE_VECTOR` with a NUL terminator, built at compile
/// time so that the C string is static and costs nothing at run time.
static VECTOR_WITH_NUL: [u8; VECTOR_BYTES] = {
    let text = rts_features::FEATURE_VECTOR.as_bytes();
    let mut bytes = [0u8; VECTOR_BYTES];
    let mut i = 0;
    while i < text.len() {
        assert!(text[i] != 0, "the feature vector contains a NUL byte");
        bytes[i] = text[i];
        i += 1;
    }
    bytes
};

/// The feature vector as a C string, e.g.
/// `c"addr-mmap,ctx-timer,intr-signal,interp-libffi"`.
pub const FEATURE_VECTOR_C: &CStr = match CStr::from_bytes_with_nul(&VECTOR_WITH_NUL) {
    Ok(text) => text,
    Err(_) => panic!("the feature vector is not a valid C string"),
};

/// `const char *hsrts_feature_vector(void)`: the feature vector this library
/// was built with (see `include/hsrts.h`). The string is static: the caller
/// must not free or write it. May be called before `hs_init`.
#[unsafe(no_mangle)]
pub extern "C" fn hsrts_feature_vector() -> *const c_char {
    FEATURE_VECTOR_C.as_ptr()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_c_string_is_the_feature_vector() {
        // SAFETY: hsrts_feature_vector returns a pointer to a static,
        // NUL-terminated string.
        let text = unsafe { CStr::from_ptr(hsrts_feature_vector()) };
        assert_eq!(text.to_str(), Ok(rts_features::FEATURE_VECTOR));
        assert_eq!(text.to_bytes().len(), rts_features::FEATURE_VECTOR.len());
        // One feature per axis, in axis order.
        let axes: Vec<&str> = rts_features::FEATURE_VECTOR
            .split(',')
            .map(|f| f.split_once('-').map_or(f, |(axis, _)| axis))
            .collect();
        assert_eq!(axes, ["addr", "ctx", "intr", "interp"]);
    }

    /// `cargo xtask` builds the runtime crates with a chosen vector and sets
    /// `HSRTS_EXPECTED_FEATURE_VECTOR` to it: this catches a feature that did
    /// not reach rts-features (a missing forward, feature unification).
    /// Without the variable (a plain `cargo test`) there is nothing to
    /// compare with.
    #[test]
    fn the_build_has_the_vector_that_was_asked_for() {
        if let Ok(expected) = std::env::var("HSRTS_EXPECTED_FEATURE_VECTOR") {
            assert_eq!(rts_features::FEATURE_VECTOR, expected);
            assert_eq!(FEATURE_VECTOR_C.to_str(), Ok(expected.as_str()));
        }
    }

    #[test]
    fn the_pointer_is_stable() {
        assert_eq!(hsrts_feature_vector(), hsrts_feature_vector());
    }
}
