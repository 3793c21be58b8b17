//! Command-line parsing for `hsrts`: the subcommand and its arguments, and
//! the errors for anything else. No work happens here.

use std::fmt;

pub const USAGE: &str = "\
usage: hsrts <command> [arguments]

commands:
  run FILE [ARGS...] [+RTS OPTIONS -RTS]
              compile FILE (Haskell source) in memory, or load FILE (an image
              written by `hsrts build`), and run it; ARGS go to the program,
              +RTS options (and GHCRTS) to the runtime (`+RTS -?` lists them)
  build FILE -o OUT.hsbc
              compile FILE and write its bytecode image
  build FILE -o OUT.wasm
              compile FILE and write a standalone wasm32-wasi command module
              (run it with `wasmtime run OUT.wasm ARGS`)
  build FILE -o OUT.rs
              compile FILE to native code: Rust source (a function per
              bytecode object) and the data image OUT.hsimg it includes;
              runs without the interpreter (docs/design/native-code.md)
  build FILE --emit-c [--no-main] [--wrapper-pool N] [-o OUT_hs.c]
              compile FILE and write C source holding the image and a C
              function per `foreign export ccall`, plus its header OUT_hs.h,
              to link with libhsrts.a (default OUT: FILE's stem + `_hs.c`;
              --no-main: the C side defines `main`; --wrapper-pool N:
              function pointers per `wrapper` type on wasm, default 32;
              docs/capi.md)
  build FILE --reactor [--export=NAME ...] -o OUT.wasm
              a wasm32-wasi reactor module for a program using the
              JavaScript FFI, exporting the named `foreign export
              javascript` functions (all of them if none is named)
  post-link -i IN.wasm -o OUT.js
              the ES module that provides a reactor module's JavaScript
              imports (docs/jsffi.md)
  info        print the version, build target and feature vector
  help        this text
  version     print the version

docs/user-guide.md has the details.";

/// Exit status for a command line that cannot be understood.
pub const USAGE_ERROR_STATUS: u8 = 2;

/// What `hsrts build` writes, chosen by the output file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// `.hsbc`: the image alone.
    Image,
    /// `.wasm`: a wasm32-wasi command module.
    WasmModule,
    /// `--emit-c`: C source and its header, for linking with `libhsrts.a`;
    /// `wrapper_pool`: `--wrapper-pool N` (trampolines per "wrapper"
    /// signature for interp-static builds; docs/capi.md).
    CSource { no_main: bool, wrapper_pool: usize },
    /// `.rs`: native code (Rust source) and its data image beside it.
    RustSource,
}

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Info,
    Help,
    Version,
    /// `hsrts run FILE ARGS...`: `args` are every word after the file,
    /// `+RTS` blocks included (the runtime splits them).
    Run {
        file: String,
        args: Vec<String>,
    },
    /// `hsrts build FILE -o OUT`.
    Build {
        file: String,
        output: String,
        kind: OutputKind,
    },
    /// `build --reactor`: a JavaScript FFI reactor module (reactor.rs).
    BuildReactor {
        file: String,
        output: String,
        exports: Vec<String>,
    },
    /// `post-link -i IN.wasm -o OUT.js`.
    PostLink {
        input: String,
        output: String,
    },
}

/// A command line that cannot be understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliError {
    NoCommand,
    UnknownCommand(String),
    MissingFile(&'static str),
    MissingOutput,
    UnknownOutputKind(String),
    UnexpectedArgument {
        command: &'static str,
        argument: String,
    },
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::NoCommand => f.write_str("no command given"),
            CliError::UnknownCommand(c) => write!(f, "unknown command `{c}`"),
            CliError::MissingFile(c) => write!(f, "`{c}` needs a program file"),
            CliError::MissingOutput => {
                f.write_str("`build` needs `-o OUT.hsbc`, `-o OUT.wasm` or `--emit-c`")
            }
            CliError::UnknownOutputKind(o) => write!(
                f,
                "cannot tell what to write from `{o}`: the output must end in .hsbc (image) or .wasm (wasm module)"
            ),
            CliError::UnexpectedArgument { command, argument } => {
                write!(f, "`{command}`: unexpected argument `{argument}`")
            }
        }
    }
}

impl std::error::Error for CliError {}

/// Parses the arguments after the program name.
pub fn parse(args: &[String]) -> Result<Command, CliError> {
    let Some((first, rest)) = args.split_first() else {
        return Err(CliError::NoCommand);
    };
    let (command, name) = match first.as_str() {
        "info" | "--info" => (Command::Info, "info"),
        "help" | "--help" | "-h" | "-?" => (Command::Help, "help"),
        "version" | "--version" | "-V" => (Command::Version, "version"),
        "run" => {
            let Some((file, args)) = rest.split_first() else {
                return Err(CliError::MissingFile("run"));
            };
            return Ok(Command::Run {
                file: file.clone(),
                args: args.to_vec(),
            });
        }
        "build" => return parse_build(rest),
        "post-link" => return parse_post_link(rest),
        other => return Err(CliError::UnknownCommand(other.to_owned())),
    };
    if let Some(extra) = rest.first() {
        return Err(CliError::UnexpectedArgument {
            command: name,
            argument: extra.clone(),
        });
    }
    Ok(command)
}

fn parse_build(rest: &[String]) -> Result<Command, CliError> {
    let mut file: Option<String> = None;
    let mut output = None;
    let (mut emit_c, mut no_main) = (false, false);
    let mut wrapper_pool = None;
    let (mut reactor, mut exports) = (false, Vec::new());
    let mut words = rest.iter();
    while let Some(word) = words.next() {
        if word == "--reactor" {
            reactor = true;
        } else if let Some(name) = word.strip_prefix("--export=") {
            exports.push(name.to_owned());
        } else if word == "--export" {
            exports.push(
                words
                    .next()
                    .ok_or(CliError::MissingFile("build --export"))?
                    .clone(),
            );
        } else if word == "--emit-c" {
            emit_c = true;
        } else if word == "--no-main" {
            no_main = true;
        } else if word == "--wrapper-pool" {
            let n = words
                .next()
                .ok_or(CliError::MissingFile("build --wrapper-pool"))?;
            wrapper_pool = Some(
                n.parse::<usize>()
                    .map_err(|_| CliError::UnexpectedArgument {
                        command: "build",
                        argument: format!("--wrapper-pool {n} (a count is expected)"),
                    })?,
            );
        } else if word == "-o" {
            output = Some(words.next().ok_or(CliError::MissingOutput)?.clone());
        } else if let Some(out) = word.strip_prefix("-o").filter(|o| !o.is_empty()) {
            output = Some(out.to_owned());
        } else if file.is_none() && !word.starts_with('-') {
            file = Some(word.clone());
        } else {
            return Err(CliError::UnexpectedArgument {
                command: "build",
                argument: word.clone(),
            });
        }
    }
    let file = file.ok_or(CliError::MissingFile("build"))?;
    if reactor || !exports.is_empty() {
        let output = output.ok_or(CliError::MissingOutput)?;
        if !output.ends_with(".wasm") || emit_c || no_main {
            return Err(CliError::UnexpectedArgument {
                command: "build",
                argument: "--reactor (it writes OUT.wasm only)".to_owned(),
            });
        }
        return Ok(Command::BuildReactor {
            file,
            output,
            exports,
        });
    }
    if emit_c {
        let output = output.unwrap_or_else(|| {
            let stem = file.strip_suffix(".hs").unwrap_or(&file);
            format!("{stem}_hs.c")
        });
        let kind = OutputKind::CSource {
            no_main,
            wrapper_pool: wrapper_pool.unwrap_or(crate::emit_c::DEFAULT_WRAPPER_POOL),
        };
        return Ok(Command::Build { file, output, kind });
    }
    if no_main || wrapper_pool.is_some() {
        return Err(CliError::UnexpectedArgument {
            command: "build",
            argument: "--no-main / --wrapper-pool (only with --emit-c)".to_owned(),
        });
    }
    let output = output.ok_or(CliError::MissingOutput)?;
    let kind = if output.ends_with(".wasm") {
        OutputKind::WasmModule
    } else if output.ends_with(".hsbc") {
        OutputKind::Image
    } else if output.ends_with(".rs") {
        OutputKind::RustSource
    } else {
        return Err(CliError::UnknownOutputKind(output));
    };
    Ok(Command::Build { file, output, kind })
}

/// `post-link -i IN.wasm -o OUT.js`.
fn parse_post_link(rest: &[String]) -> Result<Command, CliError> {
    let (mut input, mut output) = (None, None);
    let mut words = rest.iter();
    while let Some(word) = words.next() {
        match word.as_str() {
            "-i" => input = words.next().cloned(),
            "-o" => output = words.next().cloned(),
            _ => {
                return Err(CliError::UnexpectedArgument {
                    command: "post-link",
                    argument: word.clone(),
                });
            }
        }
    }
    Ok(Command::PostLink {
        input: input.ok_or(CliError::MissingFile("post-link -i"))?,
        output: output.ok_or(CliError::MissingOutput)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Command, CliError> {
        parse(&args.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn commands() {
        assert_eq!(parse_strs(&["info"]), Ok(Command::Info));
        assert_eq!(parse_strs(&["--help"]), Ok(Command::Help));
        assert_eq!(parse_strs(&["version"]), Ok(Command::Version));
        assert_eq!(
            parse_strs(&["run", "p.hs", "1", "+RTS", "-s", "-RTS", "-o"]),
            Ok(Command::Run {
                file: "p.hs".to_owned(),
                args: ["1", "+RTS", "-s", "-RTS", "-o"]
                    .map(str::to_owned)
                    .to_vec()
            })
        );
        assert_eq!(
            parse_strs(&["build", "p.hs", "-o", "out/p.wasm"]),
            Ok(Command::Build {
                file: "p.hs".to_owned(),
                output: "out/p.wasm".to_owned(),
                kind: OutputKind::WasmModule
            })
        );
        assert_eq!(
            parse_strs(&["build", "-op.hsbc", "p.hs"]),
            Ok(Command::Build {
                file: "p.hs".to_owned(),
                output: "p.hsbc".to_owned(),
                kind: OutputKind::Image
            })
        );
    }

    #[test]
    fn errors_name_the_problem() {
        assert_eq!(parse_strs(&[]), Err(CliError::NoCommand));
        let unknown = parse_strs(&["inof"]).unwrap_err();
        assert_eq!(unknown.to_string(), "unknown command `inof`");
        let extra = parse_strs(&["info", "--all"]).unwrap_err();
        assert!(extra.to_string().contains("--all"), "{extra}");
        assert_eq!(parse_strs(&["run"]), Err(CliError::MissingFile("run")));
        assert_eq!(parse_strs(&["build", "p.hs"]), Err(CliError::MissingOutput));
        assert_eq!(
            parse_strs(&["build", "p.hs", "-o"]),
            Err(CliError::MissingOutput)
        );
        assert_eq!(
            parse_strs(&["build", "dir/p.hs", "--emit-c", "--no-main"]),
            Ok(Command::Build {
                file: "dir/p.hs".to_owned(),
                output: "dir/p_hs.c".to_owned(),
                kind: OutputKind::CSource {
                    no_main: true,
                    wrapper_pool: crate::emit_c::DEFAULT_WRAPPER_POOL
                }
            })
        );
        assert!(matches!(
            parse_strs(&["build", "p.hs", "--emit-c", "--wrapper-pool", "4"]),
            Ok(Command::Build {
                kind: OutputKind::CSource {
                    wrapper_pool: 4,
                    ..
                },
                ..
            })
        ));
        assert!(parse_strs(&["build", "p.hs", "--wrapper-pool", "4", "-o", "p.hsbc"]).is_err());
        assert!(parse_strs(&["build", "p.hs", "--emit-c", "--wrapper-pool", "x"]).is_err());
        assert!(parse_strs(&["build", "p.hs", "--no-main", "-o", "p.wasm"]).is_err());
        let kind = parse_strs(&["build", "p.hs", "-o", "p.exe"]).unwrap_err();
        assert!(kind.to_string().contains(".hsbc"), "{kind}");
        assert!(matches!(
            parse_strs(&["build", "a.hs", "b.hs", "-o", "p.hsbc"]),
            Err(CliError::UnexpectedArgument { .. })
        ));
    }

    #[test]
    fn reactor_builds_and_post_link() {
        assert_eq!(
            parse_strs(&[
                "build",
                "--reactor",
                "--export=f",
                "--export",
                "g",
                "p.hs",
                "-o",
                "p.wasm"
            ]),
            Ok(Command::BuildReactor {
                file: "p.hs".to_owned(),
                output: "p.wasm".to_owned(),
                exports: vec!["f".to_owned(), "g".to_owned()],
            })
        );
        assert!(parse_strs(&["build", "--reactor", "p.hs", "-o", "p.hsbc"]).is_err());
        assert_eq!(
            parse_strs(&["post-link", "-i", "p.wasm", "-o", "p.js"]),
            Ok(Command::PostLink {
                input: "p.wasm".to_owned(),
                output: "p.js".to_owned(),
            })
        );
        assert!(parse_strs(&["post-link", "-i", "p.wasm"]).is_err());
    }
}
