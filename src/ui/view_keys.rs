//! The keys the window and the views share: [`View`] (what the central area shows), [`GridKey`]
//! (which grid's selection the window keeps) and [`part_of_section`] (where an audit section
//! key is edited). Below the window, the panels and the views.

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

/// The narrative part a section key of the audit belongs to (“overview.income” → 总体情况).
pub fn part_of_section(section: &str) -> NarrativePart {
    let head = section.split('.').next().unwrap_or(section);
    match head {
        "preamble" | "duties" | "sub_units" => NarrativePart::Duties,
        "overview" => NarrativePart::Overview,
        "operating_costs" => NarrativePart::OperatingCosts,
        "three_public" => NarrativePart::ThreePublic,
        "department_goals" => NarrativePart::DepartmentGoals,
        "special_funds" => NarrativePart::SpecialFunds,
        "procurement" => NarrativePart::Procurement,
        "assets" => NarrativePart::Assets,
        "glossary" => NarrativePart::Glossary,
        _ => NarrativePart::OtherMatters,
    }
}
