//! Units of weight and of count, as they appear in case files, and their conversion to kilograms.

use std::fmt;
use std::str::FromStr;

/// Milligrams in a kilogram: weights are kept and summed as integer milligrams, so that a sum
/// is exact and the same in any order.
pub const MG_PER_KG: f64 = 1e6;
/// The largest weight one row may give, in kg (a million tonnes): beyond it a figure is an error
/// in the data, and its milligrams would no longer fit an integer sum.
pub const MAX_KG: f64 = 1e9;
/// The largest count of animals one row may give.
pub const MAX_COUNT: f64 = 1e12;

/// The largest total weight (in mg) or count a case may add up to: a quarter of what an `i64`
/// holds, so that any sum, difference or sum of two totals of the case is exact.
pub const MAX_TOTAL: i64 = i64::MAX / 4;

/// Kilograms as integer milligrams (rounded to the nearest).
pub fn kg_to_mg(kg: f64) -> i64 {
    (kg * MG_PER_KG).round() as i64
}

/// Integer milligrams as kilograms.
pub fn mg_to_kg(mg: i64) -> f64 {
    mg as f64 / MG_PER_KG
}

/// A unit that a weight cell or a `unit` column may carry.
///
/// Weight units convert to kilograms; count units (条, 只, 头) count animals and carry no weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unit {
    /// A unit of mass, with its size in kilograms and its canonical spelling.
    Mass { kg: f64, name: &'static str },
    /// A count of animals (条, 只, 头): a number of animals, not a weight.
    Count { name: &'static str },
}

/// Every spelling we accept, lower-cased, with the unit it means.
const UNITS: &[(&str, Unit)] = &[
    (
        "kg",
        Unit::Mass {
            kg: 1.0,
            name: "kg",
        },
    ),
    (
        "公斤",
        Unit::Mass {
            kg: 1.0,
            name: "kg",
        },
    ),
    (
        "千克",
        Unit::Mass {
            kg: 1.0,
            name: "kg",
        },
    ),
    (
        "斤",
        Unit::Mass {
            kg: 0.5,
            name: "斤",
        },
    ),
    (
        "市斤",
        Unit::Mass {
            kg: 0.5,
            name: "斤",
        },
    ),
    (
        "两",
        Unit::Mass {
            kg: 0.05,
            name: "两",
        },
    ),
    (
        "g",
        Unit::Mass {
            kg: 0.001,
            name: "g",
        },
    ),
    (
        "克",
        Unit::Mass {
            kg: 0.001,
            name: "g",
        },
    ),
    (
        "t",
        Unit::Mass {
            kg: 1000.0,
            name: "t",
        },
    ),
    (
        "吨",
        Unit::Mass {
            kg: 1000.0,
            name: "t",
        },
    ),
    (
        "lb",
        Unit::Mass {
            kg: 0.453_592_37,
            name: "lb",
        },
    ),
    ("条", Unit::Count { name: "条" }),
    ("只", Unit::Count { name: "只" }),
    ("头", Unit::Count { name: "头" }),
];

impl Unit {
    /// Looks a unit up by any accepted spelling, case-insensitively; `None` when unknown.
    pub fn lookup(s: &str) -> Option<Unit> {
        let lower = s.trim().to_lowercase();
        UNITS.iter().find(|(k, _)| *k == lower).map(|(_, u)| *u)
    }

    /// The size of the unit in kilograms, or `None` for a count unit.
    pub fn kg(self) -> Option<f64> {
        match self {
            Unit::Mass { kg, .. } => Some(kg),
            Unit::Count { .. } => None,
        }
    }

    /// The canonical spelling (`kg`, `斤`, `条` …).
    pub fn name(self) -> &'static str {
        match self {
            Unit::Mass { name, .. } | Unit::Count { name } => name,
        }
    }

    /// All accepted spellings, for help and error messages.
    pub fn spellings() -> impl Iterator<Item = &'static str> {
        UNITS.iter().map(|(k, _)| *k)
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Unit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Unit::lookup(s).ok_or_else(|| {
            format!(
                "unknown unit '{s}' (known: {})",
                Unit::spellings().collect::<Vec<_>>().join(", ")
            )
        })
    }
}

/// A unit of mass in which tables show weights (`--unit`); count units are refused.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MassUnit {
    kg: f64,
    name: &'static str,
}

impl MassUnit {
    pub const KG: MassUnit = MassUnit {
        kg: 1.0,
        name: "kg",
    };

    /// Converts kilograms to this unit.
    pub fn from_kg(self, kg: f64) -> f64 {
        kg / self.kg
    }

    pub fn name(self) -> &'static str {
        self.name
    }
}

impl FromStr for MassUnit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.parse::<Unit>()? {
            Unit::Mass { kg, name } => Ok(MassUnit { kg, name }),
            Unit::Count { name } => Err(format!(
                "'{name}' counts animals; weights can only be shown in a unit of mass"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_unit_converts_to_kg() {
        let cases = [
            ("kg", 1.0),
            ("KG", 1.0),
            ("公斤", 1.0),
            ("千克", 1.0),
            ("斤", 0.5),
            ("两", 0.05),
            ("g", 0.001),
            ("克", 0.001),
            ("t", 1000.0),
            ("T", 1000.0),
            ("吨", 1000.0),
            ("lb", 0.45359237),
            ("LB", 0.45359237),
        ];
        for (s, kg) in cases {
            assert_eq!(Unit::lookup(s).and_then(Unit::kg), Some(kg), "{s}");
        }
    }

    #[test]
    fn count_units_have_no_weight() {
        for s in ["条", "只", "头"] {
            let u = Unit::lookup(s).unwrap();
            assert!(matches!(u, Unit::Count { .. }), "{s}");
            assert_eq!(u.kg(), None);
        }
    }

    #[test]
    fn unknown_units_are_refused() {
        assert_eq!(Unit::lookup("stone"), None);
        assert!("箱".parse::<Unit>().is_err());
        assert!("条".parse::<MassUnit>().is_err());
        assert_eq!("斤".parse::<MassUnit>().unwrap().from_kg(60.0), 120.0);
    }
}
