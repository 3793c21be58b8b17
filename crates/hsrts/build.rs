//! Records the target triple the `hsrts` tool is built for, for `hsrts info`.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let target = std::env::var("TARGET").unwrap_or_else(|_| "unknown".to_owned());
    println!("cargo::rustc-env=HSRTS_BUILD_TARGET={target}");
}
