//! Contract tests of the interrupts axis, one suite run against every
//! implementation that builds on the host, plus child-process tests (unix):
//! a real SIGINT from outside sets the flag and a second one ends the
//! process with GHC's exit status. The child is this test binary re-run on
//! the single test `child_scenario`, told what to do by an environment
//! variable.

use std::sync::{Mutex, MutexGuard, PoisonError};

use super::EXIT_INTERRUPTED;

/// Interrupt state is process-global: these tests run one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(unix)]
fn raise_sigint_in_process() {
    // SAFETY: `raise` delivers SIGINT to this thread; the handler under test
    // is installed (checked by the caller), so the process survives.
    let rc = unsafe { libc::raise(libc::SIGINT) };
    assert_eq!(rc, 0);
}

macro_rules! intr_contract_tests {
    ($imp:ident, raise = $raise:expr) => {
        mod $imp {
            use super::*;
            use crate::intr::$imp::{IMPLEMENTATION, acknowledge, install, pending, uninstall};

            #[allow(
                clippy::redundant_closure_call,
                reason = "the macro takes an optional raiser"
            )]
            fn raise() -> bool {
                let raiser: Option<fn()> = $raise;
                raiser.map(|f| f()).is_some()
            }

            #[test]
            fn name_matches_the_module() {
                assert_eq!(Some(IMPLEMENTATION), stringify!($imp).strip_prefix("imp_"));
            }

            #[test]
            fn nothing_is_pending_after_install() {
                let _serial = serial();
                install().expect("install");
                install().expect("a second install is harmless");
                assert!(!pending());
                uninstall();
                assert!(!pending());
            }

            #[test]
            fn an_interrupt_stays_pending_until_acknowledged() {
                let _serial = serial();
                install().expect("install");
                if raise() {
                    assert!(pending(), "the interrupt was lost");
                    assert!(pending(), "reading the flag cleared it");
                    acknowledge();
                    assert!(!pending());
                    // After acknowledging, the next interrupt is a first
                    // one again: pending, not an exit.
                    raise();
                    assert!(pending());
                    acknowledge();
                } else {
                    assert!(!pending());
                }
                uninstall();
            }

            #[test]
            fn uninstall_clears_a_pending_interrupt() {
                let _serial = serial();
                install().expect("install");
                raise();
                uninstall();
                assert!(!pending());
            }
        }
    };
}

#[cfg(unix)]
intr_contract_tests!(imp_signal, raise = Some(raise_sigint_in_process));
intr_contract_tests!(
    imp_host,
    raise = Some(|| crate::intr::imp_host::hsrts_interrupt())
);
intr_contract_tests!(imp_none, raise = None);

#[test]
fn host_interrupts_are_ignored_while_not_installed() {
    use super::imp_host::{hsrts_interrupt, install, pending, uninstall};
    let _serial = serial();
    uninstall();
    hsrts_interrupt();
    hsrts_interrupt(); // would exit if it counted
    assert!(!pending());
    install().expect("install");
    assert!(
        !pending(),
        "an interrupt from before install leaked through"
    );
    uninstall();
}

/// `uninstall` puts back the SIGINT action that was there before: with
/// SIGINT ignored beforehand, a SIGINT after uninstall is ignored again.
#[cfg(unix)]
#[test]
fn signal_uninstall_restores_the_previous_action() {
    use super::imp_signal::{install, pending, uninstall};
    let _serial = serial();
    // SAFETY: setting SIGINT to "ignore" and back affects only SIGINT, which
    // only these serialised tests use.
    let before = unsafe { libc::signal(libc::SIGINT, libc::SIG_IGN) };
    install().expect("install");
    raise_sigint_in_process();
    assert!(pending());
    uninstall();
    raise_sigint_in_process(); // ignored: SIG_IGN is back
    assert!(!pending());
    // SAFETY: as above.
    unsafe { libc::signal(libc::SIGINT, before) };
}

#[test]
fn exit_status_is_ghcs() {
    assert_eq!(EXIT_INTERRUPTED, 252);
    let message = super::IntrError::new("signal", Some(1)).to_string();
    assert!(message.contains("intr-signal"), "{message}");
}

/// The environment variable that turns `child_scenario` into a child.
#[cfg(unix)]
const SCENARIO_VAR: &str = "HSRTS_INTR_TEST_SCENARIO";

/// Not a test on its own: when run as a child by the tests below, plays the
/// scenario named by `HSRTS_INTR_TEST_SCENARIO`, printing progress markers;
/// otherwise does nothing.
#[cfg(unix)]
#[test]
fn child_scenario() {
    use std::io::Write as _;
    use std::time::{Duration, Instant};
    let Ok(scenario) = std::env::var(SCENARIO_VAR) else {
        return;
    };
    let say = |marker: &str| {
        println!("\n{marker}");
        std::io::stdout().flush().expect("flush");
    };
    let wait_for = |condition: &dyn Fn() -> bool| {
        let start = Instant::now();
        while !condition() && start.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(5));
        }
    };
    match scenario.as_str() {
        "signal" => {
            super::imp_signal::install().expect("install");
            say("READY");
            wait_for(&super::imp_signal::pending);
            say(if super::imp_signal::pending() {
                "PENDING"
            } else {
                "LOST"
            });
            wait_for(&|| false); // the second SIGINT should end us here
        }
        "host" => {
            super::imp_host::install().expect("install");
            super::imp_host::hsrts_interrupt();
            say(if super::imp_host::pending() {
                "PENDING"
            } else {
                "LOST"
            });
            super::imp_host::hsrts_interrupt(); // should exit
        }
        "none" => {
            super::imp_none::install().expect("install");
            say("READY");
            wait_for(&|| false); // SIGINT's default action should end us
        }
        other => panic!("unknown scenario {other}"),
    }
    say("SURVIVED");
    std::process::exit(3);
}

#[cfg(unix)]
mod child {
    use std::io::{BufRead as _, BufReader, Lines};
    use std::os::unix::process::{CommandExt as _, ExitStatusExt as _};
    use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};

    use super::{EXIT_INTERRUPTED, SCENARIO_VAR};

    struct Scenario {
        child: Child,
        lines: Lines<BufReader<ChildStdout>>,
    }

    impl Scenario {
        fn start(name: &str) -> Self {
            let exe = std::env::current_exe().expect("test binary path");
            let mut command = Command::new(exe);
            command
                .args([
                    "--exact",
                    "intr::tests::child_scenario",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(SCENARIO_VAR, name)
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit());
            // A shell starts background jobs with SIGINT ignored, and an
            // ignored signal stays ignored across exec: give the child the
            // default action, as a program started from a terminal has.
            // Likewise a blocked signal stays blocked across exec (a CI
            // runner may start the tests with SIGINT blocked): unblock it.
            // SAFETY: `signal`, `sigemptyset`, `sigaddset` and
            // `sigprocmask` are async-signal-safe, as `pre_exec` requires;
            // `set` is a local the calls initialise before use.
            unsafe {
                command.pre_exec(|| {
                    libc::signal(libc::SIGINT, libc::SIG_DFL);
                    let mut set: libc::sigset_t = std::mem::zeroed();
                    libc::sigemptyset(&mut set);
                    libc::sigaddset(&mut set, libc::SIGINT);
                    libc::sigprocmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
                    Ok(())
                });
            }
            let mut child = command.spawn().expect("spawn the test binary as a child");
            let stdout = child.stdout.take().expect("piped stdout");
            Self {
                child,
                lines: BufReader::new(stdout).lines(),
            }
        }

        /// Reads the child's output up to `marker`; panics if it ends first.
        fn expect_marker(&mut self, marker: &str) {
            for line in &mut self.lines {
                let line = line.expect("child output");
                assert!(!line.contains("LOST"), "the child lost the interrupt");
                if line.trim() == marker {
                    return;
                }
            }
            panic!("the child ended before printing {marker}");
        }

        fn sigint(&self) {
            let pid = self.child.id() as libc::pid_t;
            // SAFETY: sends SIGINT to our own child process.
            assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
        }

        fn wait(mut self) -> ExitStatus {
            let rest: Vec<String> = self.lines.map_while(Result::ok).collect();
            let status = self.child.wait().expect("wait for the child");
            assert!(
                !rest.iter().any(|l| l.contains("SURVIVED")),
                "the child survived: {rest:?}"
            );
            status
        }
    }

    #[test]
    fn a_real_sigint_sets_the_flag_and_a_second_exits_with_252() {
        let mut child = Scenario::start("signal");
        child.expect_marker("READY");
        child.sigint();
        child.expect_marker("PENDING");
        child.sigint();
        let status = child.wait();
        assert_eq!(status.code(), Some(EXIT_INTERRUPTED), "{status:?}");
    }

    #[test]
    fn a_second_host_interrupt_exits_with_252() {
        let mut child = Scenario::start("host");
        child.expect_marker("PENDING");
        let status = child.wait();
        assert_eq!(status.code(), Some(EXIT_INTERRUPTED), "{status:?}");
    }

    #[test]
    fn with_intr_none_sigint_keeps_its_default_action() {
        let mut child = Scenario::start("none");
        child.expect_marker("READY");
        child.sigint();
        let status = child.wait();
        assert_eq!(status.signal(), Some(libc::SIGINT), "{status:?}");
    }
}
