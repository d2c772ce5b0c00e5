//! The keys the window and the views share: [`View`] (what the central area shows), [`GridKey`]
//! (which grid's selection the window keeps). Below the window, the panels and the views; where a
//! narrative section is edited is the core's `NarrativePart::of_section`.

use crate::catalog::NarrativePart;
use crate::model::TableId;
use crate::ui::sources::IndicatorList;

/// What the central area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    Meta,
    Table(TableId),
    Section(NarrativePart),
}

/// The grids whose selection the window keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GridKey {
    Table(TableId),
    Procurement,
    Assets,
    Indicators(IndicatorList),
}
