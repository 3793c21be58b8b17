//! Command-line parsing for `hsrts`: the subcommand and its arguments, and
//! the errors for anything else. No work happens here.

use std::fmt;

pub const USAGE: &str = "\
usage: hsrts <command> [arguments]

commands:
  info        print the version, build target and feature vector
  help        this text
  version     print the version

(`run` and `build` are not implemented yet.)";

/// Exit status for a command line that cannot be understood.
pub const USAGE_ERROR_STATUS: u8 = 2;

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Info,
    Help,
    Version,
}

/// A command line that cannot be understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliError {
    NoCommand,
    UnknownCommand(String),
    NotYetImplemented(String),
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
            CliError::NotYetImplemented(c) => write!(f, "`{c}` is not implemented yet"),
            CliError::UnexpectedArgument { command, argument } => {
                write!(f, "`{command}` takes no arguments, got `{argument}`")
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
        "run" | "build" => return Err(CliError::NotYetImplemented(first.clone())),
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
    }

    #[test]
    fn errors_name_the_problem() {
        assert_eq!(parse_strs(&[]), Err(CliError::NoCommand));
        let unknown = parse_strs(&["inof"]).unwrap_err();
        assert_eq!(unknown.to_string(), "unknown command `inof`");
        let extra = parse_strs(&["info", "--all"]).unwrap_err();
        assert!(extra.to_string().contains("--all"), "{extra}");
        assert_eq!(
            parse_strs(&["run", "x.hs"]),
            Err(CliError::NotYetImplemented("run".to_owned()))
        );
    }
}
