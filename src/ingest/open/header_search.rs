//! The one search for a source's header row, for delimited text (read once per delimiter tried),
//! links tables and workbook sheets: the earliest record recognised as the header, or else the
//! widest first record with the reason it was not recognised.

/// How many leading records may be titles or notes before the header.
pub(super) const HEADER_SEARCH: usize = 10;

/// The header row found among a source's first records.
#[derive(Debug)]
pub(super) struct HeaderFound<M, E> {
    /// The reading it is in: an index into the readings searched.
    pub reading: usize,
    /// How many records of that reading come before it.
    pub skip: usize,
    /// Its cells.
    pub header: Vec<String>,
    /// What it was recognised as, or why it was not.
    pub map: Result<M, E>,
}

/// Finds the header among `readings`: each the first records of the source read one way (under
/// one delimiter, say), at most [`HEADER_SEARCH`] of them, each record its cells.
///
/// Returns the first record of more than one cell that `recognise` accepts, in the reading where
/// it comes earliest. When no record is accepted: the first record of the reading whose first
/// record has the most cells, with `skip` 0 and what `recognise` says of it. Ties go to the
/// earlier reading. When no reading has a record: an empty header, in reading 0.
///
/// # Complexity
/// At most one `recognise` call per record, and one more.
pub(super) fn find_header<M, E>(
    readings: &[Vec<Vec<String>>],
    recognise: impl Fn(&[String]) -> Result<M, E>,
) -> HeaderFound<M, E> {
    let mut best: Option<HeaderFound<M, E>> = None;
    let mut widest: Option<(usize, &Vec<String>)> = None;
    for (reading, records) in readings.iter().enumerate() {
        if let Some(first) = records.first()
            && widest.is_none_or(|(_, w)| first.len() > w.len())
        {
            widest = Some((reading, first));
        }
        if let Some((skip, (record, map))) = records
            .iter()
            .enumerate()
            .filter(|(_, r)| r.len() > 1)
            .find_map(|(i, r)| recognise(r).ok().map(|m| (i, (r, m))))
            && best.as_ref().is_none_or(|b| skip < b.skip)
        {
            best = Some(HeaderFound {
                reading,
                skip,
                header: record.clone(),
                map: Ok(map),
            });
        }
    }
    best.unwrap_or_else(|| {
        let (reading, header) = widest.map_or((0, Vec::new()), |(i, first)| (i, first.clone()));
        let map = recognise(&header);
        HeaderFound {
            reading,
            skip: 0,
            header,
            map,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(lines: &[&str]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.split(' ').map(str::to_string).collect())
            .collect()
    }

    /// Recognises a record that starts with `id`, as the number of its cells.
    fn starts_with_id(r: &[String]) -> Result<usize, String> {
        match r.first() {
            Some(c) if c == "id" => Ok(r.len()),
            _ => Err(format!("no id in: {}", r.join(", "))),
        }
    }

    #[test]
    fn the_header_is_the_earliest_record_recognised_in_any_reading() {
        let readings = [
            records(&["title", "note here", "id a b"]),
            records(&["title", "id a"]),
            records(&["id x y z"]),
        ];
        let f = find_header(&readings[..2], starts_with_id);
        assert_eq!((f.reading, f.skip, f.map), (1, 1, Ok(2)));
        // Both at the top: the earlier reading wins.
        let f = find_header(&[readings[2].clone(), records(&["id q"])], starts_with_id);
        assert_eq!((f.reading, f.skip, f.header[3].as_str()), (0, 0, "z"));
    }

    #[test]
    fn a_record_of_one_cell_is_never_searched_for_the_header() {
        let f = find_header(&[records(&["id", "id a"])], starts_with_id);
        assert_eq!((f.skip, f.map), (1, Ok(2)));
    }

    #[test]
    fn when_nothing_is_recognised_the_widest_first_record_gives_the_reason() {
        let readings = [
            records(&["a b", "c d e f"]),
            records(&["p q r", "s"]),
            records(&["x y z"]),
        ];
        let f = find_header(&readings, starts_with_id);
        assert_eq!((f.reading, f.skip), (1, 0));
        assert_eq!(f.map, Err("no id in: p, q, r".to_string()));
        let f = find_header(&[Vec::new(), Vec::new()], starts_with_id);
        assert_eq!((f.reading, f.header.len()), (0, 0));
        assert!(f.map.is_err());
    }
}
