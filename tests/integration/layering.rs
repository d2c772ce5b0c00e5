//! The layers as the compiler and `cargo tree` see them (ARCHITECTURE.md § Layers):
//! - yugong-core depends on no GUI, PDF or Excel crate and its source reaches no file system,
//!   environment, process, thread or clock;
//! - each format adapter depends on the core and its own format crates, never on the other
//!   adapter, the window or the binary.
//!
//! The dependency half reads `cargo tree`, so it fails the moment a manifest gains a forbidden
//! dependency, directly or through another crate.

use std::path::Path;
use std::process::Command;

const GUI: &[&str] = &["egui", "eframe", "egui_table", "egui-winit", "winit", "wgpu", "glow", "rfd", "gtk"];
const PDF: &[&str] = &["printpdf", "lopdf"];
const EXCEL: &[&str] = &["calamine", "rust_xlsxwriter", "zip"];

/// The names of every crate in a package's normal and build dependency tree.
fn dependency_names(package: &str) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "tree",
            "--offline",
            "--locked",
            "-p",
            package,
            "-e",
            "normal,build",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(output.status.success(), "cargo tree -p {package}: {}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    let mut names: Vec<String> =
        text.lines().filter_map(|line| line.split_whitespace().next()).map(str::to_string).collect();
    names.sort();
    names.dedup();
    names
}

fn assert_none_of(package: &str, names: &[String], forbidden: &[&str], what: &str) {
    let found: Vec<&String> = names.iter().filter(|name| forbidden.contains(&name.as_str())).collect();
    assert!(found.is_empty(), "{package} must not depend on {what} crates, found {found:?}");
}

#[test]
fn the_core_depends_on_no_gui_pdf_or_excel_crate() {
    let names = dependency_names("yugong-core");
    assert!(names.iter().any(|n| n == "rust_decimal"), "cargo tree listed the core's dependencies: {names:?}");
    assert_none_of("yugong-core", &names, GUI, "GUI");
    assert_none_of("yugong-core", &names, PDF, "PDF");
    assert_none_of("yugong-core", &names, EXCEL, "Excel");
    assert!(!names.iter().any(|n| n.starts_with("yugong") && n != "yugong-core"), "{names:?}");
}

#[test]
fn each_adapter_depends_on_the_core_and_its_own_format_only() {
    let xlsx = dependency_names("yugong-xlsx");
    assert!(xlsx.iter().any(|n| n == "yugong-core") && xlsx.iter().any(|n| n == "calamine"), "{xlsx:?}");
    assert_none_of("yugong-xlsx", &xlsx, GUI, "GUI");
    assert_none_of("yugong-xlsx", &xlsx, PDF, "PDF");
    let pdf = dependency_names("yugong-pdf");
    assert!(pdf.iter().any(|n| n == "yugong-core") && pdf.iter().any(|n| n == "printpdf"), "{pdf:?}");
    assert_none_of("yugong-pdf", &pdf, GUI, "GUI");
    assert_none_of("yugong-pdf", &pdf, &["calamine", "rust_xlsxwriter"], "Excel");
    assert_none_of("yugong-xlsx", &xlsx, &["yugong", "yugong-pdf"], "the binary's or the other adapter's");
    assert_none_of("yugong-pdf", &pdf, &["yugong", "yugong-xlsx"], "the binary's or the other adapter's");
}

/// What the core's source may not name: the file system, the environment, processes, threads and
/// clocks. (A type such as `std::io::Error` is fine: it is data, not I/O.)
const FORBIDDEN_IN_CORE: &[&str] =
    &["std::fs", "std::env", "std::process", "std::thread", "std::net", "SystemTime", "Instant::now", "File::open"];

#[test]
fn the_core_source_does_no_io_and_reads_no_clock() {
    let mut offences = Vec::new();
    scan(&Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/yugong-core/src"), &mut offences);
    assert!(offences.is_empty(), "the core must stay pure:\n{}", offences.join("\n"));
}

fn scan(folder: &Path, offences: &mut Vec<String>) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            scan(&path, offences);
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in FORBIDDEN_IN_CORE {
                if code.contains(word) {
                    offences.push(format!("{}:{}: {word}", path.display(), number + 1));
                }
            }
        }
    }
}

/// README's first command is `cargo run --release`: with a second binary (the Windows GUI entry)
/// cargo must be told which one `cargo run` means, or the command fails.
#[test]
fn cargo_run_knows_which_binary_to_run() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--offline", "--locked", "--no-deps", "--format-version", "1"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let package = metadata["packages"].as_array().unwrap().iter().find(|p| p["name"] == "yugong").unwrap();
    let binaries = package["targets"].as_array().unwrap().iter().filter(|t| t["kind"][0] == "bin").count();
    assert!(binaries >= 1);
    if binaries > 1 {
        assert_eq!(package["default_run"], "yugong", "{binaries} binaries and no default-run");
    }
}
