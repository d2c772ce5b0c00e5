//! The window's keyboard shortcuts (Ctrl+S, Ctrl+Shift+S, Ctrl+O, Ctrl+N, Ctrl+F, undo/redo,
//! zoom); the grid's own keys are in `grid`.

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

use crate::ui::app::{EditorApp, Pending};

impl EditorApp {
    pub(in crate::ui) fn shortcuts(&mut self, ctx: &egui::Context) {
        let command = |key| KeyboardShortcut::new(Modifiers::COMMAND, key);
        // Ctrl+Shift+S first: egui matches shortcuts logically, so Ctrl+S would also take it.
        let (save_as, save, open, new, find) = ctx.input_mut(|i| {
            (
                i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::S)),
                i.consume_shortcut(&command(Key::S)),
                i.consume_shortcut(&command(Key::O)),
                i.consume_shortcut(&command(Key::N)),
                i.consume_shortcut(&command(Key::F)),
            )
        });
        if save || save_as {
            self.save(save_as);
        }
        if open {
            self.request(Pending::Open(None));
        }
        if new {
            self.request(Pending::New);
        }
        if find {
            self.search.open_for_typing();
        }
        // Undo/redo belong to a text field while one is being edited (its own typing undo).
        if !ctx.text_edit_focused() {
            let (undo, redo) = ctx.input_mut(|i| {
                (
                    i.consume_shortcut(&command(Key::Z)),
                    i.consume_shortcut(&command(Key::Y))
                        || i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z)),
                )
            });
            if undo {
                self.undo();
            }
            if redo {
                self.redo();
            }
        }
        let zoom_in =
            ctx.input_mut(|i| i.consume_shortcut(&command(Key::Plus)) || i.consume_shortcut(&command(Key::Equals)));
        let zoom_out = ctx.input_mut(|i| i.consume_shortcut(&command(Key::Minus)));
        if zoom_in {
            ctx.set_zoom_factor((ctx.zoom_factor() + 0.1).min(2.0));
        }
        if zoom_out {
            ctx.set_zoom_factor((ctx.zoom_factor() - 0.1).max(0.6));
        }
    }
}
