//! The `hsrts` command with and without the bytecode interpreter
//! (`interp-none`), and `hsrts build -o prog.rs` (the Rust back end,
//! crates/native-emit). The native programs themselves are generated at
//! build time and run by crates/native-tests (docs/design/native-code.md).

use rts_core::loader;

/// `hsrts run` of bytecode: runs with an interpreter; without one, exits 1
/// saying the interpreter is not in this build. `hsrts build -o x.rs`
/// writes the Rust file and its native image in either build.
#[test]
fn the_command_line_with_and_without_an_interpreter() {
    let dir = std::env::temp_dir().join(format!("hsrts-native-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let src = dir.join("hello.hs");
    std::fs::write(&src, "main :: IO ()\nmain = putStrLn \"hello\"\n").expect("write");
    let hsrts = env!("CARGO_BIN_EXE_hsrts");
    let run = std::process::Command::new(hsrts)
        .arg("run")
        .arg(&src)
        .output()
        .expect("hsrts runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    if rts_features::interp::INTERPRETER {
        assert!(run.status.success(), "{stderr}");
        assert_eq!(String::from_utf8_lossy(&run.stdout), "hello\n");
    } else {
        assert_eq!(run.status.code(), Some(1), "{stderr}");
        assert_eq!(
            stderr,
            format!(
                "hello: hsrts: cannot load the program: {}\n",
                loader::NO_INTERPRETER
            )
        );
    }
    let out = dir.join("hello.rs");
    let build = std::process::Command::new(hsrts)
        .arg("build")
        .arg(&src)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("hsrts runs");
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let rust = std::fs::read_to_string(&out).expect("the Rust file");
    assert!(rust.contains("include_bytes!(\"hello.hsimg\")"));
    let image = std::fs::read(dir.join("hello.hsimg")).expect("the native image");
    assert!(bytecode::Image::load(&image).is_ok());
    let _ = std::fs::remove_dir_all(&dir);
}
