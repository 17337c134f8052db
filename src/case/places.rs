//! The places of a case's parties resolved into GB/T 2260 divisions, and the region of each node
//! of a graph at a level (province or city), as the place analyses take it.
//!
//! Each distinct place as written is resolved once ([`crate::ingest::place::Divisions::resolve`]):
//! a case of a million rows names a few hundred places. A place that does not resolve, or whose
//! name several divisions share at the level asked, gives no region: unknown, never guessed.

use std::collections::HashMap;

use serde::Serialize;

use crate::case::Case;
use crate::graph::SupplyGraph;
use crate::ingest::Dataset;
use crate::ingest::place::{Level, Resolution, divisions};

/// The level regions are taken at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    /// Provinces (省级; a municipality is a province).
    #[default]
    Province,
    /// Prefecture-level cities (地级; a municipality is its own city).
    City,
}

/// A party's place as written and what it resolved to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedPlace {
    /// The place as written.
    pub written: String,
    /// The most precise certain division (county, else city, else province).
    pub code: Option<u32>,
    pub level: Option<Level>,
    /// The province, when certain.
    pub province: Option<u32>,
    /// The city, when certain (a municipality is its own city).
    pub city: Option<u32>,
    /// The divisions an ambiguous name could be (empty otherwise).
    pub candidates: Vec<u32>,
    /// The text after the divisions read; all of it when nothing resolved.
    pub rest: String,
}

impl ResolvedPlace {
    fn of(written: &str, r: &Resolution) -> ResolvedPlace {
        let d = divisions();
        let code = r.code();
        let province = r.province.or_else(|| code.and_then(|c| d.province_of(c)));
        let city = r.city.or_else(|| code.and_then(|c| d.city_of(c)));
        ResolvedPlace {
            written: written.to_string(),
            code,
            level: r.level(),
            province,
            city,
            candidates: r.candidates.clone(),
            rest: r.rest.clone(),
        }
    }

    /// The region at a level: the province or the city code, `None` when not certain.
    pub fn region(&self, level: RegionLevel) -> Option<u32> {
        match level {
            RegionLevel::Province => self.province,
            RegionLevel::City => self.city,
        }
    }

    /// Whether some division is certain.
    pub fn is_resolved(&self) -> bool {
        self.code.is_some()
    }
}

/// Each party's place resolved, by party id (`None`: no place written).
pub fn resolve(data: &Dataset) -> Vec<Option<ResolvedPlace>> {
    let d = divisions();
    let mut seen: HashMap<&str, ResolvedPlace> = HashMap::new();
    (data.party_places.iter())
        .map(|p| {
            let p = p.as_ref()?;
            let w = p.written.as_str();
            Some(
                seen.entry(w)
                    .or_insert_with(|| ResolvedPlace::of(w, &d.resolve(w)))
                    .clone(),
            )
        })
        .collect()
}

/// The region of each node of `g` (indexed by node index) at `level`, from the case's places.
pub fn regions(case: &Case, g: &SupplyGraph, level: RegionLevel) -> Vec<Option<u32>> {
    regions_of(&resolve(&case.data), g, level)
}

/// [`regions`] from places already resolved.
pub fn regions_of(
    places: &[Option<ResolvedPlace>],
    g: &SupplyGraph,
    level: RegionLevel,
) -> Vec<Option<u32>> {
    (g.graph.node_indices())
        .map(|n| {
            let id = g.graph[n].id as usize;
            places.get(id)?.as_ref()?.region(level)
        })
        .collect()
}

/// Whether any party has a place that resolves at `level`.
pub fn any_known(regions: &[Option<u32>]) -> bool {
    regions.iter().any(Option::is_some)
}

/// The name of a region as shown: the short name (湖南, 怀化), else the code.
pub fn region_name(code: Option<u32>) -> String {
    match code {
        Some(c) => divisions()
            .short(c)
            .map_or_else(|| c.to_string(), str::to_string),
        None => "?".to_string(),
    }
}
