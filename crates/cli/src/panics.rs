//! Panics: one document's panic becomes a reject; any other ends the run
//! with one line, never a backtrace.

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};

thread_local! {
    /// Where the last panic on this thread happened, for its reject's reason.
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the default hook, whose message and backtrace would bury the
/// summary, with one that notes where the panic happened. `WHOSAID_DEBUG`
/// keeps the default output as well, for developers.
pub fn install_hook() {
    let verbose = std::env::var_os("WHOSAID_DEBUG").is_some();
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()));
        LOCATION.with(|c| *c.borrow_mut() = at);
        if verbose {
            default(info);
        }
    }));
}

/// Runs `f`; a panic comes back as its message and where it happened.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        // One line: the reason is a CSV cell and the error a terminal line.
        let msg = msg.split_whitespace().collect::<Vec<_>>().join(" ");
        match LOCATION.with(|c| c.borrow_mut().take()) {
            Some(at) => format!("{msg} (at {at})"),
            None => msg,
        }
    })
}

/// A panic on purpose, for the tests of the paths above: in debug builds,
/// `WHOSAID_INJECT_PANIC=STAGE:DOC_ID` (stage `read`, `clean` or `extract`)
/// makes that stage panic on that document. Release builds ignore it.
#[track_caller]
pub fn injected(stage: &str, doc_id: &str) {
    if !cfg!(debug_assertions) {
        return;
    }
    static SPEC: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let spec = SPEC.get_or_init(|| std::env::var("WHOSAID_INJECT_PANIC").ok());
    if let Some((s, id)) = spec.as_deref().and_then(|s| s.split_once(':')) {
        if s == stage && id == doc_id {
            panic!("injected panic ({stage} of {doc_id})");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_place() {
        install_hook();
        let r: Result<(), String> = catch(|| {
            let v: Vec<u8> = Vec::new();
            let i = v.len() + 3;
            let _ = v[i];
        });
        let msg = r.unwrap_err();
        assert!(msg.contains("index out of bounds"), "{msg}");
        assert!(msg.contains("(at crates/cli/src/panics.rs:"), "{msg}");
        assert_eq!(catch(|| 7), Ok(7));
    }
}
