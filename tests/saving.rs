//! Saving never loses data: atomic replace, a backup of the previous version, no litter.

use std::path::Path;

use yugong::io::project_file::{self, backup_path};
use yugong::model::Project;

fn gaoyang() -> Project {
    project_file::parse(yugong::samples::sample_text("gaoyang-2022").unwrap().as_bytes()).unwrap()
}

fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn saving_over_a_file_keeps_the_previous_version_as_bak() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("高阳.ron");
    let mut project = gaoyang();
    project_file::save(&project, &path).unwrap();
    assert_eq!(names_in(folder.path()), ["高阳.ron"]);
    let first = std::fs::read(&path).unwrap();

    project.meta.unit_name.push_str("（修改）");
    project_file::save(&project, &path).unwrap();
    assert_eq!(names_in(folder.path()), ["高阳.ron", "高阳.ron.bak"]);
    assert_eq!(std::fs::read(backup_path(&path)).unwrap(), first);
    assert_eq!(project_file::load(&path).unwrap(), project);
}

#[test]
fn a_failed_save_leaves_the_original_and_no_temporary_file() {
    let folder = tempfile::tempdir().unwrap();
    // The target is a folder: the final rename fails after the temporary file was written.
    let target = folder.path().join("项目.ron");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("inside.txt"), "keep").unwrap();
    let error = project_file::save(&gaoyang(), &target).unwrap_err();
    assert!(error.to_string().contains("无法保存到"), "{error}");
    assert!(error.to_string().contains("原文件未改动"), "{error}");
    assert_eq!(names_in(folder.path()), ["项目.ron"]);
    assert_eq!(std::fs::read_to_string(target.join("inside.txt")).unwrap(), "keep");
}

#[test]
fn saving_into_a_missing_folder_fails_cleanly() {
    let folder = tempfile::tempdir().unwrap();
    let error = project_file::save(&gaoyang(), &folder.path().join("没有/这个/目录.ron")).unwrap_err();
    assert!(error.to_string().contains("文件不存在") || error.to_string().contains("无法保存"), "{error}");
    assert!(names_in(folder.path()).is_empty());
}
