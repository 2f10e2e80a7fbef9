fn main() -> std::process::ExitCode {
    plural::cli::main()
}
