//! The `wildchain` binary: parses arguments, runs the command, turns errors into exit codes
//! (0 success, 1 error, 2 usage error).

use std::process::ExitCode;

use wildchain::cli::{is_usage, message, parse_from, run};

fn main() -> ExitCode {
    wildchain::memory::keep_mmap_threshold();
    let cli = match parse_from(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let lang = wildchain::cli::style(&cli.globals).lang;
    let progress = wildchain::timing::Progress::start();
    let result = run(cli);
    drop(progress);
    wildchain::timing::peak_memory();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // Messages quote cells and file names: their control characters are shown escaped.
            let message = format!("wildchain: {}", message(&e, lang));
            eprintln!("{}", wildchain::ingest::text::shown_lines(&message));
            if is_usage(&e) {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// A closed pipe (`wildchain analyze | head`) is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(
                |e| matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe),
            )
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(BrokenPipe))
            || c.downcast_ref::<wildchain::render::OutputError>()
                .and_then(|e| e.io_error())
                .is_some_and(|io| io.kind() == BrokenPipe)
    })
}
