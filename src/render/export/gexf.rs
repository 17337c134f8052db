//! GEXF 1.3 (<http://gexf.net/1.3>), dynamic, for Gephi's timeline: the graph is
//! `mode="dynamic"`, `timeformat="date"`, `timerepresentation="interval"`; each link lives from the
//! first day of its first date to the last day of its last date (a month runs to its end), given
//! as `start`/`end` on the edge: intervals only, never timestamps, which GEXF forbids mixing with
//! intervals in one graph. A party lives from its first to its last link's day when all its links
//! are dated; an undated link (and a party with one) has no interval and is present throughout.
//!
//! Parallel species links of one (seller, buyer) pair are edges of their own, with the species as
//! their `kind`, so Gephi keeps them apart rather than merging them and summing their weights.
//! The edge `weight` is the number of transactions, which is always known; the weight in kg is
//! the `weight_kg` attribute, absent when unknown (Gephi reads a missing `weight` as 1.0, so kg
//! there would turn unknown into 1 kg).

use std::io::{self, BufWriter, Write};

use super::xml::escape;
use super::{Attr, Kind, LINK_ATTRS, Network, Value, iso_day, link_label};

/// The GEXF type of an attribute.
fn gexf_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "string",
        Kind::Int => "long",
        Kind::Real => "double",
    }
}

fn declare(
    w: &mut impl Write,
    attrs: &[Attr],
    extra: &[String],
    class: &str,
    prefix: &str,
) -> io::Result<()> {
    writeln!(w, r#"    <attributes class="{class}" mode="static">"#)?;
    for a in attrs {
        writeln!(
            w,
            r#"      <attribute id="{prefix}{}" title="{}" type="{}"/>"#,
            a.name,
            a.name,
            gexf_type(a.kind)
        )?;
    }
    // The parties file's further columns: ids by position, titles as written.
    for (k, c) in extra.iter().enumerate() {
        writeln!(
            w,
            r#"      <attribute id="{prefix}x{k}" title="{}" type="string"/>"#,
            escape(c)
        )?;
    }
    writeln!(w, "    </attributes>")?;
    Ok(())
}

fn attvalues(
    w: &mut impl Write,
    attrs: &[Attr],
    values: &[Option<Value>],
    extra: &[Option<&str>],
    prefix: &str,
) -> io::Result<()> {
    writeln!(w, "        <attvalues>")?;
    for (a, v) in attrs.iter().zip(values) {
        if let Some(v) = v {
            writeln!(
                w,
                r#"          <attvalue for="{prefix}{}" value="{}"/>"#,
                a.name,
                escape(&v.text())
            )?;
        }
    }
    for (k, v) in extra.iter().enumerate() {
        if let Some(v) = v {
            writeln!(
                w,
                r#"          <attvalue for="{prefix}x{k}" value="{}"/>"#,
                escape(v)
            )?;
        }
    }
    writeln!(w, "        </attvalues>")?;
    Ok(())
}

/// ` start="…" end="…"` of a span of days, or nothing.
fn interval(days: Option<(i32, i32)>) -> String {
    days.map_or(String::new(), |(a, b)| {
        format!(r#" start="{}" end="{}""#, iso_day(a), iso_day(b))
    })
}

/// Writes the network as dynamic GEXF 1.3.
///
/// # Errors
/// The writer fails.
pub fn write_gexf(net: &Network, w: &mut dyn Write) -> io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 16, w);
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    // No xsi:schemaLocation: GEXF's own RELAX NG schema does not allow it (its XSD does).
    writeln!(w, r#"<gexf xmlns="http://gexf.net/1.3" version="1.3">"#)?;
    writeln!(w, "  <meta>")?;
    writeln!(w, "    <creator>wildchain</creator>")?;
    writeln!(
        w,
        "    <description>Parties and their (seller, buyer, species) links; each link lives from its first to its last date; weights in kg; edge weight = transactions</description>"
    )?;
    writeln!(w, "  </meta>")?;
    writeln!(
        w,
        r#"  <graph defaultedgetype="directed" mode="dynamic" timeformat="date" timerepresentation="interval">"#
    )?;
    let node_attrs = net.node_attrs();
    let extra = net.extra_columns();
    declare(&mut w, &node_attrs, &extra, "node", "p_")?;
    declare(&mut w, LINK_ATTRS, &[], "edge", "l_")?;
    let party_days = net.party_days();
    writeln!(w, r#"    <nodes count="{}">"#, net.graph.node_count())?;
    for n in net.parties() {
        writeln!(
            w,
            r#"      <node id="n{}" label="{}"{}>"#,
            n.index(),
            escape(net.graph.name(n)),
            interval(party_days[n.index()])
        )?;
        let cells: Vec<Option<&str>> = (0..extra.len()).map(|k| net.extra_value(n, k)).collect();
        attvalues(&mut w, &node_attrs, &net.node_values_all(n), &cells, "p_")?;
        writeln!(w, "      </node>")?;
    }
    writeln!(w, "    </nodes>")?;
    writeln!(w, r#"    <edges count="{}">"#, net.link_count())?;
    for l in net.links() {
        let species = net.graph.species_name(l.flow.species);
        writeln!(
            w,
            r#"      <edge id="e{}" source="n{}" target="n{}" kind="{}" label="{}" weight="{}"{}>"#,
            l.index,
            l.seller.index(),
            l.buyer.index(),
            escape(species),
            escape(&link_label(net, &l)),
            l.flow.tally.transactions,
            interval(net.link_days(&l))
        )?;
        attvalues(&mut w, LINK_ATTRS, &net.link_values(&l), &[], "l_")?;
        writeln!(w, "      </edge>")?;
    }
    writeln!(w, "    </edges>")?;
    writeln!(w, "  </graph>")?;
    writeln!(w, "</gexf>")?;
    w.flush()?;
    Ok(())
}
