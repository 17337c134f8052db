//! The (seller, buyer, species) flows of a case, aggregated once from the integer-coded records,
//! with the flow of every record kept so that later aggregations (by date, by party side, over a
//! network) never group rows again.

use std::sync::Arc;

use super::sort::{AHEAD, bits_for, prefetch, radix_sort, radix_sort_by};
use super::tally::{Acc, Tally};
use crate::ingest::{Dataset, Records, Tables};

/// One aggregated (seller, buyer, species) flow, by ids into [`Flows`]' name tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FlowRow {
    pub seller: u32,
    pub buyer: u32,
    pub species: u32,
    pub tally: Tally,
    /// Index into [`Flows::sources`] of the distinct sources of its rows (0: none).
    pub sources: u32,
}

/// The aggregated flows: the whole input of the graph. Ids are those of the data set, whose names
/// are in name order, so sorting by id is sorting by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flows {
    /// Every party, in name order (the data set's, shared).
    pub parties: Arc<[String]>,
    /// Every species, in name order.
    pub species: Vec<Arc<str>>,
    /// Sorted by (seller, buyer, species).
    pub flows: Vec<FlowRow>,
    /// Lists of sources (case file, page …), sorted, that flows point into; the first is empty.
    pub sources: Vec<Vec<String>>,
}

impl Flows {
    /// Where the case file documents a flow: the distinct sources of its rows, sorted.
    pub fn sources_of(&self, f: &FlowRow) -> &[String] {
        self.sources
            .get(f.sources as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// The id of a party name.
    pub fn party_id(&self, name: &str) -> Option<u32> {
        self.parties
            .binary_search_by(|p| p.as_str().cmp(name))
            .ok()
            .map(|i| i as u32)
    }

    /// The id of a species name.
    pub fn species_id(&self, name: &str) -> Option<u32> {
        self.species
            .binary_search_by(|p| (**p).cmp(name))
            .ok()
            .map(|i| i as u32)
    }

    /// Builds the tables from named flows (any order), for tests and small inputs.
    pub fn from_named<'a>(
        named: impl IntoIterator<Item = (&'a str, &'a str, &'a str, Tally)>,
    ) -> Flows {
        let named: Vec<_> = named.into_iter().collect();
        let mut parties: Vec<&str> = named.iter().flat_map(|f| [f.0, f.1]).collect();
        parties.sort_unstable();
        parties.dedup();
        let mut species: Vec<&str> = named.iter().map(|f| f.2).collect();
        species.sort_unstable();
        species.dedup();
        let id = |v: &[&str], s: &str| v.binary_search(&s).unwrap_or(0) as u32;
        let mut flows: Vec<FlowRow> = named
            .iter()
            .map(|(s, b, sp, tally)| FlowRow {
                seller: id(&parties, s),
                buyer: id(&parties, b),
                species: id(&species, sp),
                tally: *tally,
                sources: 0,
            })
            .collect();
        flows.sort_unstable_by_key(|f| (f.seller, f.buyer, f.species));
        Flows {
            parties: parties
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
                .into(),
            species: species.into_iter().map(Arc::from).collect(),
            flows,
            sources: vec![Vec::new()],
        }
    }
}

/// The flows of a data set and the flow of each of its records.
#[derive(Debug, Clone, Default)]
pub struct Aggregated {
    pub flows: Arc<Flows>,
    /// The flow index (into `flows.flows`) of each record; `None` when not kept
    /// ([`crate::case::Case::without_record_flows`]).
    flow_of: Option<Vec<u32>>,
    /// The first record of each flow with neither a weight nor a count (`u32::MAX`: none); `None`
    /// when not kept, as `flow_of`.
    first_unknown: Option<Vec<u32>>,
}

impl Aggregated {
    /// The flow index (into `flows.flows`) of each record.
    ///
    /// # Panics
    /// When the case was told no command would ask ([`crate::case::Case::without_record_flows`]):
    /// a bug of the command.
    pub fn flow_of(&self) -> &[u32] {
        self.flow_of
            .as_deref()
            .expect("the flow of each record was not kept (Case::without_record_flows)")
    }

    /// The first record of each flow with neither a weight nor a count (`u32::MAX`: none).
    ///
    /// # Panics
    /// As [`Aggregated::flow_of`].
    pub fn first_unknown(&self) -> &[u32] {
        self.first_unknown
            .as_deref()
            .expect("the records of each flow were not kept (Case::without_record_flows)")
    }
}

/// A record in the sort of [`aggregate`]: its (seller, buyer, species, date) key, its index and
/// its quantity code (16 bytes, the size of a key and an index alone), so that the walk over the
/// sorted records reads nothing else.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Item {
    key: u64,
    row: u32,
    quantity: u32,
}

/// Aggregates the records to (seller, buyer, species) flows; the flow of each record too when
/// `record_flows` (or when records name sources, which are attached to the flows through it).
///
/// # Complexity
/// O(R) for R records: the records are split by seller into one piece per core, each piece
/// radix-sorted on an integer (seller, buyer, species) key (the date riding along in it, unsorted)
/// and walked on its own thread, with sequential passes rather than a hash table of groups.
pub fn aggregate(data: &Dataset, record_flows: bool) -> Aggregated {
    if !record_flows && let Some(a) = lean(data) {
        return a;
    }
    let r = &data.records;
    let t = &data.tables;
    let (np, ns) = (data.parties.len(), data.species.len());
    let (bp, bs, bd) = (bits_for(np), bits_for(ns), bits_for(t.dates.len()));
    let wide = 2 * bp + bs + bd > 64;
    // (seller, buyer, species, date) as one integer whose order is theirs; without the date when
    // it does not fit, and as a group number when not even (seller, buyer, species) does.
    let (date_bits, key_bits) = if wide {
        (0, 2 * bp + bs)
    } else {
        (bd, 2 * bp + bs + bd)
    };
    let (parts, key_bits) = if key_bits <= 64 {
        let key = |i: usize| {
            let k = (u64::from(r.seller[i]) << (bp + bs))
                | (u64::from(r.buyer[i]) << bs)
                | u64::from(r.species[i]);
            if wide {
                k
            } else {
                (k << bd) | u64::from(r.date[i])
            }
        };
        let pieces = crate::parallel::threads(r.len());
        let piece_of = piece_of_seller(&r.seller, np, pieces);
        let parts = split(
            r.len(),
            pieces,
            pieces,
            |i| piece_of[r.seller[i] as usize],
            |i| Item {
                key: key(i),
                row: i as u32,
                quantity: r.quantity[i],
            },
        );
        (parts, key_bits)
    } else {
        // More parties than 64 bits can pair: sort the ids themselves, in one piece.
        let mut idx: Vec<u32> = (0..r.len() as u32).collect();
        idx.sort_by_key(|&i| {
            let i = i as usize;
            (r.seller[i], r.buyer[i], r.species[i])
        });
        let mut group = 0u64;
        let mut out = Vec::with_capacity(idx.len());
        for (k, &i) in idx.iter().enumerate() {
            if k > 0 {
                let (a, b) = (idx[k - 1] as usize, i as usize);
                if (r.seller[a], r.buyer[a], r.species[a])
                    != (r.seller[b], r.buyer[b], r.species[b])
                {
                    group += 1;
                }
            }
            out.push(Item {
                key: group,
                row: i,
                quantity: r.quantity[i as usize],
            });
        }
        (vec![out], 0)
    };
    // Where the key holds the ids, the walk takes them from it rather than from the records (a
    // read from each of three columns at every flow's first record, at random).
    let ids = (key_bits > 0).then_some(Layout {
        buyer_bits: bp,
        species_bits: bs,
    });
    let keep = record_flows || !r.source.is_empty();
    let (flows, flow_of, first_unknown) =
        walk_pieces(r, t, parts, (key_bits, date_bits, ids), keep);
    let mut out = Flows {
        parties: Arc::clone(&data.parties),
        species: data.species.iter().map(|s| Arc::from(s.as_str())).collect(),
        flows,
        sources: vec![Vec::new()],
    };
    if let Some(flow_of) = &flow_of {
        add_sources(&mut out, flow_of, r, t);
    }
    Aggregated {
        flows: Arc::new(out),
        flow_of,
        first_unknown: Some(first_unknown),
    }
}

/// The piece (of `pieces` of about equal records, each a range of sellers, so that each flow is
/// in one piece) of each of `np` sellers.
fn piece_of_seller(seller: &[u32], np: usize, pieces: usize) -> Vec<u32> {
    let rows_of = seller_rows(seller, np, pieces);
    let mut piece_of = vec![0u32; np];
    let mut seen = 0;
    for (s, &n) in rows_of.iter().enumerate() {
        let p = (seen * pieces / seller.len().max(1)).min(pieces - 1);
        piece_of[s] = p as u32;
        seen += n;
    }
    piece_of
}

/// [`aggregate`] for a command that reads only the flows, when the records carry nothing but
/// their ids, quantity and date (no money, confidence, source, nor links read whole): each record
/// is one 8-byte integer, (seller, buyer, species, date, quantity), sorted and walked, against 16
/// bytes with its index otherwise (at 10 M rows, 160 MB less to sort and touch). `None` when the
/// records carry more, or the integer would not fit in 64 bits; the flow of each record and the
/// first record of each flow with neither weight nor count are not kept.
fn lean(data: &Dataset) -> Option<Aggregated> {
    let r = &data.records;
    let t = &data.tables;
    if r.links.is_some() || !r.money.is_empty() || !r.confidence.is_empty() || !r.source.is_empty()
    {
        return None;
    }
    let (np, ns) = (data.parties.len(), data.species.len());
    let (bp, bs) = (bits_for(np), bits_for(ns));
    let (bd, bq) = (bits_for(t.dates.len()), bits_for(t.quantities.len()));
    let flow_bits = 2 * bp + bs;
    if flow_bits + bd + bq > 64 {
        return None;
    }
    let low = bd + bq;
    let (date_mask, quantity_mask) = ((1u64 << bd) - 1, (1u64 << bq) - 1);
    let pieces = crate::parallel::threads(r.len());
    let piece_of = piece_of_seller(&r.seller, np, pieces);
    let mut parts = split(
        r.len(),
        pieces,
        pieces,
        |i| piece_of[r.seller[i] as usize],
        |i| {
            let flow = (u64::from(r.seller[i]) << (bp + bs))
                | (u64::from(r.buyer[i]) << bs)
                | u64::from(r.species[i]);
            (flow << low) | (u64::from(r.date[i]) << bq) | u64::from(r.quantity[i])
        },
    );
    let layout = Layout {
        buyer_bits: bp,
        species_bits: bs,
    };
    // Sort each piece by flow (the date and quantity ride along) and count its flows.
    let groups = sort_by_flow(&mut parts, |&v| v >> low, flow_bits);
    let _t = crate::timing::Timer::new("links: walk");
    // Written by the walks, each its own part, rather than filled first on this thread (at 10 M
    // rows about a million flows of 168 bytes).
    let total: usize = groups.iter().sum();
    let mut flows: Vec<FlowRow> = Vec::with_capacity(total);
    std::thread::scope(|sc| {
        let mut rest = &mut flows.spare_capacity_mut()[..total];
        let mut handles = Vec::with_capacity(parts.len());
        for (part, &n) in parts.iter().zip(&groups) {
            let (out, later) = rest.split_at_mut(n);
            rest = later;
            handles.push(sc.spawn(move || {
                let mut made = 0;
                for (slot, run) in out
                    .iter_mut()
                    .zip(part.chunk_by(|a, b| a >> low == b >> low))
                {
                    let mut acc = Acc::default();
                    for &v in run {
                        // Record 0 for the record: with no money, confidence nor links, `add_coded`
                        // reads nothing of the record but the codes it is given.
                        let (date, quantity) = ((v >> bq) & date_mask, v & quantity_mask);
                        acc.add_coded(r, t, 0, quantity as u32, date as u32);
                    }
                    let (seller, buyer, species) = layout.ids(run[0] >> low);
                    slot.write(FlowRow {
                        seller,
                        buyer,
                        species,
                        tally: acc.tally(&t.dates),
                        sources: 0,
                    });
                    made += 1;
                }
                made
            }));
        }
        for (h, &n) in handles.into_iter().zip(&groups) {
            let made = crate::parallel::join(h);
            // The sort counted the runs the walk takes: each slot of the part is written.
            assert_eq!(
                made, n,
                "a piece's walk made as many flows as its sort counted"
            );
        }
    });
    // SAFETY: each piece's walk wrote every slot of its part (checked above), and the parts
    // together are the first `total` slots.
    unsafe { flows.set_len(total) };
    Some(Aggregated {
        flows: Arc::new(Flows {
            parties: Arc::clone(&data.parties),
            species: data.species.iter().map(|s| Arc::from(s.as_str())).collect(),
            flows,
            sources: vec![Vec::new()],
        }),
        flow_of: None,
        first_unknown: None,
    })
}

/// Sorts each piece by `flow` (below `2^flow_bits`; 0 bits: sorted already), each on its own
/// thread, and counts the runs of equal flows in each.
fn sort_by_flow<T: Copy + Default + Send>(
    parts: &mut [Vec<T>],
    flow: impl Fn(&T) -> u64 + Copy + Send,
    flow_bits: u32,
) -> Vec<usize> {
    crate::timing::stage("links: sort", || {
        std::thread::scope(|sc| {
            let handles: Vec<_> = (parts.iter_mut())
                .map(|p| {
                    sc.spawn(move || {
                        if flow_bits > 0 {
                            radix_sort_by(p, flow, flow_bits);
                        }
                        usize::from(!p.is_empty())
                            + p.windows(2).filter(|w| flow(&w[0]) != flow(&w[1])).count()
                    })
                })
                .collect();
            handles.into_iter().map(crate::parallel::join).collect()
        })
    })
}

/// How many records each of `np` sellers has, counted on `threads` threads.
fn seller_rows(seller: &[u32], np: usize, threads: usize) -> Vec<usize> {
    let chunk = seller.len().div_ceil(threads).max(1);
    let counts: Vec<Vec<u32>> = std::thread::scope(|sc| {
        let handles: Vec<_> = (seller.chunks(chunk))
            .map(|c| {
                sc.spawn(move || {
                    let mut n = vec![0u32; np];
                    for &s in c {
                        n[s as usize] += 1;
                    }
                    n
                })
            })
            .collect();
        (handles.into_iter()).map(crate::parallel::join).collect()
    });
    let mut total = vec![0usize; np];
    for c in &counts {
        for (t, &n) in total.iter_mut().zip(c) {
            *t += n as usize;
        }
    }
    total
}

/// Splits records `0..n` into `pieces` vectors, record `i` going to piece `piece(i)` as `item(i)`,
/// in record order within each piece, on `threads` threads: each counts its range's records per
/// piece, then writes them where the counts before it end.
fn split<T: Copy + Send + Sync>(
    n: usize,
    pieces: usize,
    threads: usize,
    piece: impl Fn(usize) -> u32 + Sync,
    item: impl Fn(usize) -> T + Sync,
) -> Vec<Vec<T>> {
    let chunk = n.div_ceil(threads).max(1);
    let ranges: Vec<std::ops::Range<usize>> = (0..n)
        .step_by(chunk)
        .map(|a| a..(a + chunk).min(n))
        .collect();
    let counts: Vec<Vec<usize>> = std::thread::scope(|sc| {
        let handles: Vec<_> = (ranges.iter().cloned())
            .map(|r| {
                let piece = &piece;
                sc.spawn(move || {
                    let mut c = vec![0usize; pieces];
                    for i in r {
                        c[piece(i) as usize] += 1;
                    }
                    c
                })
            })
            .collect();
        (handles.into_iter()).map(crate::parallel::join).collect()
    });
    let sizes: Vec<usize> = (0..pieces)
        .map(|p| counts.iter().map(|c| c[p]).sum())
        .collect();
    let mut parts: Vec<Vec<T>> = sizes.iter().map(|&n| Vec::with_capacity(n)).collect();
    // Where each range's records of each piece start.
    let mut at = vec![vec![0usize; pieces]; ranges.len()];
    for p in 0..pieces {
        let mut o = 0;
        for (a, c) in at.iter_mut().zip(&counts) {
            a[p] = o;
            o += c[p];
        }
    }
    let outs: Vec<Disjoint<T>> = (parts.iter_mut())
        .map(|v| Disjoint(v.as_mut_ptr(), v.capacity()))
        .collect();
    std::thread::scope(|sc| {
        for (r, start) in ranges.iter().cloned().zip(at) {
            let (piece, item, outs) = (&piece, &item, &outs);
            sc.spawn(move || {
                let mut next = start;
                for i in r {
                    let p = piece(i) as usize;
                    // SAFETY: the ranges' counts give each record of piece `p` its own slot
                    // below the piece's capacity, the sum of the counts.
                    unsafe { outs[p].write(next[p], item(i)) };
                    next[p] += 1;
                }
            });
        }
    });
    for (v, &n) in parts.iter_mut().zip(&sizes) {
        // SAFETY: every slot below the piece's count was written above.
        unsafe { v.set_len(n) };
    }
    parts
}

/// How a flow's ids sit in its key (without the date): seller, buyer, species from the top.
#[derive(Debug, Clone, Copy)]
struct Layout {
    buyer_bits: u32,
    species_bits: u32,
}

impl Layout {
    /// (seller, buyer, species) of a flow key.
    #[inline]
    fn ids(self, flow: u64) -> (u32, u32, u32) {
        let (bp, bs) = (self.buyer_bits, self.species_bits);
        (
            (flow >> (bp + bs)) as u32,
            ((flow >> bs) & ((1u64 << bp) - 1)) as u32,
            (flow & ((1u64 << bs) - 1)) as u32,
        )
    }
}

/// A slice that several threads write at indices none of them share.
struct Disjoint<T>(*mut T, usize);

// SAFETY: threads only write through it, each at indices no other thread writes.
unsafe impl<T: Send> Sync for Disjoint<T> {}

impl<T> Disjoint<T> {
    /// # Safety
    /// `i` is in bounds and written by this thread only.
    unsafe fn write(&self, i: usize, v: T) {
        debug_assert!(i < self.1);
        // SAFETY: the caller promises `i` is in bounds and its own.
        unsafe { self.0.add(i).write(v) }
    }
}

/// Sorts each piece of (key, record) pairs (by radix on `key_bits`, unless 0: already sorted),
/// then walks them: one flow per run of equal keys, in piece order, each piece on its own thread.
/// Returns the flows, the flow of each record (when `keep`) and the first record of each flow
/// with neither weight nor count.
fn walk_pieces(
    r: &Records,
    t: &Tables,
    mut parts: Vec<Vec<Item>>,
    (key_bits, date_bits, ids): (u32, u32, Option<Layout>),
    keep: bool,
) -> (Vec<FlowRow>, Option<Vec<u32>>, Vec<u32>) {
    // By flow only: the date rides along in the key's low bits unsorted, since what the walk
    // makes of a flow's records does not depend on their order (sums, and the first and last
    // dates by a total order). Keys of 0 bits are group numbers, in order already.
    let groups = sort_by_flow(
        &mut parts,
        |it| it.key >> date_bits,
        key_bits.saturating_sub(date_bits),
    );
    let _t = crate::timing::Timer::new("links: walk");
    let total: usize = groups.iter().sum();
    let mut flows = vec![FlowRow::default(); total];
    let mut first_unknown = vec![u32::MAX; total];
    let mut flow_of = if keep {
        vec![0u32; r.len()]
    } else {
        Vec::new()
    };
    let of = keep.then_some(Disjoint(flow_of.as_mut_ptr(), flow_of.len()));
    std::thread::scope(|sc| {
        let (mut flows_rest, mut unknown_rest) = (&mut flows[..], &mut first_unknown[..]);
        let mut offset = 0u32;
        for (part, &n) in parts.iter().zip(&groups) {
            let (f, fr) = flows_rest.split_at_mut(n);
            let (u, ur) = unknown_rest.split_at_mut(n);
            (flows_rest, unknown_rest) = (fr, ur);
            let of = of.as_ref();
            let first_id = offset;
            offset += n as u32;
            sc.spawn(move || walk(r, t, part, (date_bits, ids), first_id, f, u, of));
        }
    });
    (flows, keep.then_some(flow_of), first_unknown)
}

/// Walks one sorted piece: its k-th run of keys equal but for the date is flow `first_id + k`.
/// `ids`: how the flow's ids sit in the key above its `date_bits` (`None`: the key is a group
/// number, and the ids are read from the records).
#[allow(clippy::too_many_arguments)]
fn walk(
    r: &Records,
    t: &Tables,
    sorted: &[Item],
    (date_bits, ids): (u32, Option<Layout>),
    first_id: u32,
    flows: &mut [FlowRow],
    first_unknown: &mut [u32],
    flow_of: Option<&Disjoint<u32>>,
) {
    let n = sorted.len();
    let date_mask = (1u64 << date_bits) - 1;
    let mut k = 0;
    let mut g = 0;
    while k < n {
        let flow = sorted[k].key >> date_bits;
        let first = sorted[k].row as usize;
        let mut acc = Acc::default();
        let mut unknown = u32::MAX;
        while k < n && sorted[k].key >> date_bits == flow {
            let it = sorted[k];
            let i = it.row as usize;
            let date = if date_bits == 0 {
                r.date[i]
            } else {
                (it.key & date_mask) as u32
            };
            acc.add_coded(r, t, i, it.quantity, date);
            if let Some(of) = flow_of {
                // SAFETY: every record is in exactly one piece, once.
                unsafe { of.write(i, first_id + g as u32) };
            }
            if t.quantities[it.quantity as usize].is_unknown() {
                unknown = unknown.min(it.row);
            }
            k += 1;
        }
        let (seller, buyer, species) = match ids {
            Some(l) => l.ids(flow),
            None => (r.seller[first], r.buyer[first], r.species[first]),
        };
        flows[g] = FlowRow {
            seller,
            buyer,
            species,
            tally: acc.tally(&t.dates),
            sources: 0,
        };
        first_unknown[g] = unknown;
        g += 1;
    }
}

/// Attaches to each flow the distinct sources of its records.
///
/// # Complexity
/// O(R + S log S) for R records and S distinct (flow, source list) pairs; nothing when no record
/// names a source.
fn add_sources(out: &mut Flows, flow_of: &[u32], r: &Records, t: &Tables) {
    if r.source.is_empty() {
        return;
    }
    let mut pairs: Vec<(u32, u32)> = flow_of
        .iter()
        .zip(&r.source)
        .filter(|(_, s)| **s != 0)
        .map(|(f, s)| (*f, *s))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    for group in pairs.chunk_by(|a, b| a.0 == b.0) {
        let mut list: Vec<String> = group
            .iter()
            .flat_map(|(_, s)| t.sources[*s as usize].iter().cloned())
            .collect();
        list.sort_unstable();
        list.dedup();
        let f = &mut out.flows[group[0].0 as usize];
        f.sources = out.sources.len() as u32;
        out.sources.push(list);
    }
}

/// One (flow, date) group: the records of a link's species at one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatedFlow {
    /// Index into the flows.
    pub flow: u32,
    /// Code of the date table (0: unknown date).
    pub date: u32,
    pub acc: Acc,
}

/// Aggregates the records to (flow, date) groups, sorted by flow then date code.
///
/// # Complexity
/// A radix sort of R (key, record) pairs for R records; the result grows with distinct dates per
/// flow, not with rows.
pub fn dated(data: &Dataset, flow_of: &[u32], flows: usize) -> Vec<DatedFlow> {
    let r = &data.records;
    let bd = bits_for(data.tables.dates.len());
    let mut keys: Vec<(u64, u32)> = (0..r.len())
        .map(|i| {
            (
                (u64::from(flow_of[i]) << bd) | u64::from(r.date[i]),
                i as u32,
            )
        })
        .collect();
    radix_sort(&mut keys, bits_for(flows) + bd);
    let mut out: Vec<DatedFlow> = Vec::new();
    let mut at = 0;
    for group in keys.chunk_by(|a, b| a.0 == b.0) {
        let mut acc = Acc::default();
        for (_, i) in group {
            if let Some(&(_, ahead)) = keys.get(at + AHEAD) {
                prefetch(&r.quantity, ahead as usize);
            }
            acc.add(r, &data.tables, *i as usize);
            at += 1;
        }
        out.push(DatedFlow {
            flow: (group[0].0 >> bd) as u32,
            date: (group[0].0 & ((1 << bd) - 1)) as u32,
            acc,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_split_on_any_number_of_threads_keep_their_order_within_each_piece() {
        let n = 10_007;
        let piece = |i: usize| ((i * 7919) % 13 % 3) as u32;
        let want: Vec<Vec<usize>> = (0..3)
            .map(|p| (0..n).filter(|&i| piece(i) == p).collect())
            .collect();
        for threads in 1..=5 {
            assert_eq!(
                split(n, 3, threads, piece, |i| i),
                want,
                "{threads} threads"
            );
        }
        assert_eq!(split(0, 2, 3, |_| 0, |i| i), vec![Vec::<usize>::new(); 2]);
        assert_eq!(seller_rows(&[2, 0, 2, 2], 4, 3), [1, 0, 3, 0]);
    }

    #[test]
    fn a_key_gives_back_the_ids_packed_into_it() {
        let l = Layout {
            buyer_bits: 5,
            species_bits: 3,
        };
        let key = (17u64 << 8) | (30 << 3) | 6;
        assert_eq!(l.ids(key), (17, 30, 6));
    }
}
