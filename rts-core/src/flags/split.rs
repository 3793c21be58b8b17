//! Separating a program's command line into its own arguments and the RTS
//! words, by GHC's rules (checked against GHC 9.0.2):
//!
//! * `+RTS` starts an RTS block and `-RTS` ends it; there may be several
//!   blocks, and a block without `-RTS` runs to the end of the line. Both
//!   markers are consumed (a stray `-RTS` outside a block disappears too,
//!   as in GHC). `+RTS` inside a block changes nothing.
//! * `--RTS` anywhere ends RTS processing: it is consumed and every later
//!   argument goes to the program untouched, `+RTS` included.
//! * Inside a block every word is an RTS word, even one not starting with
//!   `-`; [`super::RtsFlags::apply`] rejects those as "unexpected RTS
//!   argument", which is what makes `prog a +RTS -s b` an error.
//!
//! Splitting cannot fail; all checking happens when the words are applied.

/// A command line split into the program's part and the RTS part.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SplitArgs {
    /// Arguments for the program, in order.
    pub program_args: Vec<String>,
    /// RTS words from all `+RTS` blocks, in order.
    pub rts_words: Vec<String>,
}

/// Splits `argv` (without the program name).
pub fn split_argv<S: AsRef<str>>(argv: &[S]) -> SplitArgs {
    let mut out = SplitArgs::default();
    let mut in_rts_block = false;
    let mut args = argv.iter().map(AsRef::as_ref);
    for arg in args.by_ref() {
        match arg {
            "--RTS" => break,
            "+RTS" => in_rts_block = true,
            "-RTS" => in_rts_block = false,
            word if in_rts_block => out.rts_words.push(word.to_owned()),
            word => out.program_args.push(word.to_owned()),
        }
    }
    out.program_args.extend(args.map(str::to_owned));
    out
}
