//! Autosave and crash recovery, with the settings store in a temporary folder.

use std::time::Duration;

use eframe::egui::{self, Event, Key};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use yugong::io::recovery;
use yugong::io::settings::Store;
use yugong::model::TableId;
use yugong::ui::{EditorApp, NoDialogs};

fn editor(store: &Store, document: Option<yugong::ui::Document>) -> Harness<'static, EditorApp> {
    let store = store.clone();
    let mut harness = Harness::builder().with_size(egui::vec2(1400.0, 900.0)).build_eframe(move |cc| {
        yugong::ui::install_fonts(&cc.egui_ctx);
        EditorApp::new(document, Box::new(NoDialogs), store).with_autosave_interval(Duration::ZERO)
    });
    harness.run();
    harness
}

#[test]
fn unsaved_edits_are_autosaved_and_offered_back_after_a_crash() {
    let config = tempfile::tempdir().unwrap();
    let store = Store::in_folder(config.path());
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("高阳.ron");
    std::fs::write(&file, yugong::samples::sample_text("gaoyang-2022").unwrap()).unwrap();
    let project = yugong::io::load(&file).unwrap();

    // Session 1: an edit, then the autosave writes the recovery copy; the process "crashes".
    {
        let mut harness = editor(&store, Some(yugong::ui::Document::new(project, Some(file.clone()), "")));
        assert!(!harness.state().has_recovery_offer());
        harness.get_by_label_contains("3. 支出总表").click();
        harness.run();
        harness.get_by_label("2010309 参事事务 · 项目支出").click();
        harness.run();
        harness.event(Event::Text("25".into()));
        harness.run();
        harness.key_press(Key::Enter);
        harness.run();
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
        harness.step();
        let found = recovery::find(&store).expect("recovery copy written");
        assert_eq!(found.original.as_deref(), Some(file.as_path()));
        assert_eq!(
            found.project.tables.get(TableId::Expense).amount("2010309", "project"),
            Some("25.00".parse().unwrap())
        );
    }

    // Session 2 starts with the file as saved (20.00) and offers the autosaved changes.
    let mut harness =
        editor(&store, Some(yugong::ui::Document::new(yugong::io::load(&file).unwrap(), Some(file.clone()), "")));
    assert!(harness.state().has_recovery_offer());
    harness.get_by_label("恢复").click();
    harness.run();
    let document = harness.state().document().unwrap();
    assert_eq!(
        document.project.tables.get(TableId::Expense).amount("2010309", "project"),
        Some("25.00".parse().unwrap())
    );
    assert!(document.is_dirty(), "recovered changes still need saving");
    assert_eq!(document.path.as_deref(), Some(file.as_path()));

    // Saving writes the file and removes the recovery copy.
    assert!(harness.state_mut().save(false));
    assert!(recovery::find(&store).is_none());
    assert_eq!(
        yugong::io::load(&file).unwrap().tables.get(TableId::Expense).amount("2010309", "project"),
        Some("25.00".parse().unwrap())
    );
}
