//! 固定资产占用情况表: quantities and book values of fixed assets at the end of the previous year.

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::amount;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetTable {
    /// The title as printed (“部门固定资产占用情况表”, or a region's own wording).
    pub title: String,
    /// 截止时间 as printed (“2021-12-31”, “2021年12月31日”).
    #[serde(default)]
    pub as_of: String,
    /// 资产总额.
    #[serde(default)]
    pub total: AssetLine,
    /// 1、房屋（平方米）.
    #[serde(default)]
    pub buildings: AssetLine,
    /// 其中：办公用房（平方米）.
    #[serde(default)]
    pub office_space: AssetLine,
    /// 2、车辆（台、辆）.
    #[serde(default)]
    pub vehicles: AssetLine,
    /// 3、单价在20万元以上的设备.
    #[serde(default)]
    pub equipment: AssetLine,
    /// 4、其他固定资产.
    #[serde(default)]
    pub other: AssetLine,
}

impl AssetTable {
    /// The stable keys of the lines the model stores, in the order of the fields. The one list of
    /// them: editions print these lines under their own labels and order (`assets.lines`, checked
    /// against this list on load), the editor and the messages look lines up by key here.
    pub const LINE_KEYS: [&'static str; 6] = ["total", "buildings", "office_space", "vehicles", "equipment", "other"];

    /// The lines in the model's order with their stable keys.
    pub fn lines(&self) -> [(&'static str, &AssetLine); 6] {
        let [total, buildings, office_space, vehicles, equipment, other] = Self::LINE_KEYS;
        [
            (total, &self.total),
            (buildings, &self.buildings),
            (office_space, &self.office_space),
            (vehicles, &self.vehicles),
            (equipment, &self.equipment),
            (other, &self.other),
        ]
    }

    /// The line with this key.
    pub fn line(&self, key: &str) -> Option<&AssetLine> {
        self.lines().into_iter().find(|(k, _)| *k == key).map(|(_, line)| line)
    }

    /// The line with this key, to change it.
    pub fn line_mut(&mut self, key: &str) -> Option<&mut AssetLine> {
        let position = Self::LINE_KEYS.iter().position(|k| *k == key)?;
        let [total, buildings, office_space, vehicles, equipment, other] = [
            &mut self.total,
            &mut self.buildings,
            &mut self.office_space,
            &mut self.vehicles,
            &mut self.equipment,
            &mut self.other,
        ];
        [total, buildings, office_space, vehicles, equipment, other].into_iter().nth(position)
    }
}

/// 数量 and 价值（万元） of one asset line. Book values keep whatever precision the document
/// states (one real table gives 420.74804 万元).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetLine {
    #[serde(default, with = "super::bare_option", skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Quantity>,
    #[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]
    pub value: Option<Decimal>,
}

/// A quantity cell: a number, or “——” where the document marks the cell as not applicable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    Number(Decimal),
    NotApplicable,
}

impl Quantity {
    pub const DASH: &'static str = "——";

    pub fn number(self) -> Option<Decimal> {
        match self {
            Quantity::Number(n) => Some(n),
            Quantity::NotApplicable => None,
        }
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quantity::Number(n) => write!(f, "{n}"),
            Quantity::NotApplicable => f.write_str(Self::DASH),
        }
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct QuantityVisitor;
        impl Visitor<'_> for QuantityVisitor {
            type Value = Quantity;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("数量字符串，如 \"31\"，或 \"——\"")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Quantity, E> {
                if value == Quantity::DASH {
                    Ok(Quantity::NotApplicable)
                } else {
                    amount::parse_canonical(value).map(Quantity::Number).map_err(|e| E::custom(e.0))
                }
            }
        }
        deserializer.deserialize_str(QuantityVisitor)
    }
}
