//! The terminal's cursor, hidden while a spinner runs. Shared by spinner-thread and
//! spinner-async (which includes this file): nothing here is about threads or coroutines.

/// Hides the terminal cursor while the spinner runs (only when stdout is a terminal), and
/// shows it again on the way out, also after Ctrl-C.
pub struct HiddenCursor(Option<console::Term>);

impl HiddenCursor {
    /// Hides the cursor, if stdout is a terminal, until the value is dropped.
    pub fn hide() -> HiddenCursor {
        let term = console::Term::stdout();
        if !term.is_term() {
            return HiddenCursor(None);
        }
        // Ctrl-C ends the process without running destructors, and a blocked runtime
        // (spinner-async --block or --cpu) could not even notice it: a handler on its own
        // thread restores the cursor first.
        let _ = ctrlc::set_handler(|| {
            let _ = console::Term::stdout().show_cursor();
            std::process::exit(130);
        });
        let _ = term.hide_cursor();
        HiddenCursor(Some(term))
    }
}

impl Drop for HiddenCursor {
    fn drop(&mut self) {
        if let Some(term) = &self.0 {
            let _ = term.show_cursor();
        }
    }
}
