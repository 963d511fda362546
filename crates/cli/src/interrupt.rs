//! Ctrl-C and termination signals (SIGINT, SIGTERM, SIGHUP): the run stops
//! at once, its unfinished output is removed, and the previous output stays.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

static STOPPING: AtomicBool = AtomicBool::new(false);

/// Whether a signal is being handled: the process is about to exit, and an
/// error the run meets now (its staging folder vanished) is no news.
pub fn stopping() -> bool {
    STOPPING.load(Ordering::SeqCst)
}

/// The exit code of a run stopped by a signal (the shell's 128 + SIGINT).
const EXIT_INTERRUPTED: i32 = 130;

pub fn install() {
    // Without the handler a signal still stops the run and the previous
    // output still stands (it is replaced only at the end); only the
    // staging folder would be left behind. Not a reason to refuse to run.
    let _ = ctrlc::set_handler(|| {
        STOPPING.store(true, Ordering::SeqCst);
        let kept = whosaid_export::abandon_staging();
        // The progress bar's line, if one is drawn, is cleared first.
        let clear = if std::io::stderr().is_terminal() {
            "\r\x1b[2K"
        } else {
            ""
        };
        let outputs: Vec<String> = kept.iter().map(|p| p.display().to_string()).collect();
        if outputs.is_empty() {
            eprintln!("{clear}whosaid: interrupted");
        } else {
            eprintln!(
                "{clear}whosaid: interrupted; {} left as it was",
                outputs.join(", ")
            );
        }
        std::process::exit(EXIT_INTERRUPTED);
    });
}
