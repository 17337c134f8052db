//! Parsing of weight cells: `120斤`, `60 kg`, `0.5吨`, `3条`, a bare number with a unit column, or empty.

use super::header::Field;
use crate::units::Unit;

/// What a weight cell says, once understood.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Quantity {
    /// The cell is empty: the weight is unknown (never zero).
    Unknown,
    /// A known weight in kilograms (`0 kg` is a known zero).
    Kg(f64),
    /// A number of animals (条, 只, 头): a count, and an unknown weight.
    Count(f64),
}

/// Parses one weight cell together with the row's `unit` cell (empty when the file has none).
///
/// A unit written in the weight wins over the unit column; a bare number takes the unit column,
/// else `default_unit`. An unknown unit in either place, a negative or unparseable number, or a
/// fractional count of animals is an error whose text names the value.
pub fn parse_weight(
    weight: &str,
    unit_cell: &str,
    default_unit: Unit,
) -> Result<Quantity, (Field, String)> {
    let weight = weight.trim();
    let unit_cell = unit_cell.trim();
    let column_unit = if unit_cell.is_empty() {
        None
    } else {
        Some(
            Unit::lookup(unit_cell)
                .ok_or_else(|| (Field::Unit, format!("unknown unit '{unit_cell}'")))?,
        )
    };
    if weight.is_empty() {
        return Ok(Quantity::Unknown);
    }
    parse_weight_cell(weight, column_unit.unwrap_or(default_unit)).map_err(|e| (Field::Weight, e))
}

fn parse_weight_cell(weight: &str, bare_unit: Unit) -> Result<Quantity, String> {
    let (number, rest) = split_number(weight);
    if number.is_empty() {
        return Err(format!("weight '{weight}' is not a number"));
    }
    let value: f64 = number
        .parse()
        .map_err(|_| format!("weight '{weight}' is not a number"))?;
    let rest = rest.trim();
    let unit = if rest.is_empty() {
        bare_unit
    } else {
        Unit::lookup(rest).ok_or_else(|| format!("unknown unit '{rest}' in weight '{weight}'"))?
    };
    if value < 0.0 || number.starts_with('-') {
        if value == 0.0 {
            // "-0" is a known zero; there is no such thing as a negative weight.
            return quantity(0.0, unit, weight);
        }
        return Err(format!("weight '{weight}' is negative"));
    }
    quantity(value, unit, weight)
}

fn quantity(value: f64, unit: Unit, weight: &str) -> Result<Quantity, String> {
    match unit {
        Unit::Mass { kg, .. } => Ok(Quantity::Kg(value * kg)),
        Unit::Count { name } => {
            if value.fract() != 0.0 {
                Err(format!(
                    "'{weight}': a count of animals ({name}) must be a whole number"
                ))
            } else {
                Ok(Quantity::Count(value))
            }
        }
    }
}

/// Splits `"120.5 斤"` into `("120.5", " 斤")`: an optional sign, digits and at most one point.
fn split_number(s: &str) -> (&str, &str) {
    let bytes = s.as_bytes();
    let mut i = 0;
    if i < bytes.len() && (bytes[i] == b'-' || bytes[i] == b'+') {
        i += 1;
    }
    let digits_start = i;
    let mut seen_point = false;
    let mut seen_digit = false;
    while i < bytes.len() {
        match bytes[i] {
            b'0'..=b'9' => seen_digit = true,
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        i += 1;
    }
    if !seen_digit || i == digits_start {
        return ("", s);
    }
    (&s[..i], &s[i..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kg(w: &str) -> Result<Quantity, String> {
        parse_weight(w, "", Unit::lookup("kg").unwrap()).map_err(|(f, e)| {
            assert_eq!(f, Field::Weight);
            e
        })
    }

    #[test]
    fn numbers_with_units_with_or_without_space() {
        assert_eq!(kg("120斤"), Ok(Quantity::Kg(60.0)));
        assert_eq!(kg("60 kg"), Ok(Quantity::Kg(60.0)));
        assert_eq!(kg("0.5吨"), Ok(Quantity::Kg(500.0)));
        assert_eq!(kg("0.5t"), Ok(Quantity::Kg(500.0)));
        assert_eq!(kg("0.5T"), Ok(Quantity::Kg(500.0)));
        assert_eq!(kg("500g"), Ok(Quantity::Kg(0.5)));
        assert_eq!(kg("500克"), Ok(Quantity::Kg(0.5)));
        assert_eq!(kg("3两"), Ok(Quantity::Kg(3.0 * 0.05)));
        assert_eq!(kg("1.5公斤"), Ok(Quantity::Kg(1.5)));
        assert_eq!(kg("2千克"), Ok(Quantity::Kg(2.0)));
        assert_eq!(kg("10 lb"), Ok(Quantity::Kg(10.0 * 0.45359237)));
        assert_eq!(kg(" 7 KG "), Ok(Quantity::Kg(7.0)));
        assert_eq!(kg(".5kg"), Ok(Quantity::Kg(0.5)));
    }

    #[test]
    fn bare_numbers_take_the_unit_column_then_the_default() {
        let jin = Unit::lookup("斤").unwrap();
        assert_eq!(parse_weight("120", "", jin), Ok(Quantity::Kg(60.0)));
        assert_eq!(parse_weight("120", "kg", jin), Ok(Quantity::Kg(120.0)));
        assert_eq!(parse_weight("4", " 条 ", jin), Ok(Quantity::Count(4.0)));
        assert_eq!(kg("120"), Ok(Quantity::Kg(120.0)));
    }

    #[test]
    fn a_unit_in_the_weight_wins_over_the_unit_column() {
        let k = Unit::lookup("kg").unwrap();
        assert_eq!(parse_weight("120斤", "kg", k), Ok(Quantity::Kg(60.0)));
        assert_eq!(parse_weight("3条", "斤", k), Ok(Quantity::Count(3.0)));
    }

    #[test]
    fn counts_of_animals_are_not_weights() {
        assert_eq!(kg("3条"), Ok(Quantity::Count(3.0)));
        assert_eq!(kg("12只"), Ok(Quantity::Count(12.0)));
        assert_eq!(kg("1 头"), Ok(Quantity::Count(1.0)));
        assert!(kg("1.5条").unwrap_err().contains("whole number"));
    }

    #[test]
    fn empty_is_unknown_and_zero_is_known() {
        assert_eq!(kg(""), Ok(Quantity::Unknown));
        assert_eq!(kg("   "), Ok(Quantity::Unknown));
        assert_eq!(kg("0 kg"), Ok(Quantity::Kg(0.0)));
        assert_eq!(kg("0"), Ok(Quantity::Kg(0.0)));
    }

    #[test]
    fn every_rejection_rule() {
        assert!(kg("-5kg").unwrap_err().contains("negative"));
        assert!(kg("-1").unwrap_err().contains("negative"));
        assert!(kg("abc").unwrap_err().contains("not a number"));
        assert!(kg("kg").unwrap_err().contains("not a number"));
        assert!(kg("12x").unwrap_err().contains("unknown unit 'x'"));
        assert!(kg("1.2.3kg").unwrap_err().contains("unknown unit"));
        assert!(kg("12 箱").unwrap_err().contains("unknown unit '箱'"));
        assert!(kg(".").unwrap_err().contains("not a number"));
        let k = Unit::lookup("kg").unwrap();
        assert_eq!(
            parse_weight("12", "箱", k),
            Err((Field::Unit, "unknown unit '箱'".to_string()))
        );
        // An unknown unit column rejects the row even when the weight names its own unit or is empty.
        assert!(parse_weight("12斤", "箱", k).is_err());
        assert!(parse_weight("", "箱", k).is_err());
    }
}
