fn main() -> std::process::ExitCode {
    yugong::cli::run()
}
