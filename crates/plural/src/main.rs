// mimalloc instead of the system allocator: a page is many small, short-lived
// allocations (rows, strings, template output) made on several threads, where
// glibc's malloc spent a tenth of a loaded node's time (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    plural::cli::main()
}
