//! The Windows desktop entry: the same program as `yugong`, linked for the Windows GUI subsystem
//! so that a double click (or the file association) opens the window without a console window
//! behind it. `yugong.exe` stays a console program for the command line (`yugong check …` in a
//! finance bureau's batch scripts must print). Built only with `--features windows-gui`; on other
//! systems the attribute has no effect. See docs/windows.md.

#![windows_subsystem = "windows"]

fn main() -> std::process::ExitCode {
    yugong::cli::run()
}
