//! GraphML (<http://graphml.graphdrawing.org/xmlns>): one typed `<key>` per attribute of
//! parties and links, one `<node>` per party, one `<edge>` per (seller, buyer, species) link.
//! Unknown figures have no `<data>` element: a reader sees them missing, never 0.

use std::io::{self, BufWriter, Write};

use super::xml::escape;
use super::{Attr, Kind, LINK_ATTRS, Network, Value};

/// The GraphML type of an attribute (`long` for counts: a case can exceed 2^31 rows).
fn graphml_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "string",
        Kind::Int => "long",
        Kind::Real => "double",
    }
}

fn keys(w: &mut impl Write, attrs: &[Attr], class: &str, prefix: &str) -> io::Result<()> {
    for a in attrs {
        writeln!(
            w,
            r#"  <key id="{prefix}{}" for="{class}" attr.name="{}" attr.type="{}"/>"#,
            a.name,
            a.name,
            graphml_type(a.kind)
        )?;
    }
    Ok(())
}

fn data(
    w: &mut impl Write,
    attrs: &[Attr],
    values: &[Option<Value>],
    prefix: &str,
) -> io::Result<()> {
    for (a, v) in attrs.iter().zip(values) {
        if let Some(v) = v {
            writeln!(
                w,
                r#"      <data key="{prefix}{}">{}</data>"#,
                a.name,
                escape(&v.text())
            )?;
        }
    }
    Ok(())
}

/// Writes the network as GraphML.
///
/// # Errors
/// The writer fails.
pub fn write_graphml(net: &Network, w: &mut dyn Write) -> io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 16, w);
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        concat!(
            r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" "#,
            r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#,
            r#"xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns "#,
            r#"http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
        )
    )?;
    writeln!(
        w,
        "  <!-- wildchain: parties and (seller, buyer, species) links; weights in kg; unknown figures are left out -->"
    )?;
    let node_attrs = net.node_attrs();
    keys(&mut w, &node_attrs, "node", "p_")?;
    // The parties file's further columns: ids by position, names as written.
    let extra = net.extra_columns();
    for (k, c) in extra.iter().enumerate() {
        writeln!(
            w,
            r#"  <key id="p_x{k}" for="node" attr.name="{}" attr.type="string"/>"#,
            escape(c)
        )?;
    }
    keys(&mut w, LINK_ATTRS, "edge", "l_")?;
    writeln!(w, r#"  <graph id="wildchain" edgedefault="directed">"#)?;
    for n in net.parties() {
        writeln!(w, r#"    <node id="n{}">"#, n.index())?;
        data(&mut w, &node_attrs, &net.node_values_all(n), "p_")?;
        for k in 0..extra.len() {
            if let Some(v) = net.extra_value(n, k) {
                writeln!(w, r#"      <data key="p_x{k}">{}</data>"#, escape(v))?;
            }
        }
        writeln!(w, "    </node>")?;
    }
    for l in net.links() {
        writeln!(
            w,
            r#"    <edge id="e{}" source="n{}" target="n{}">"#,
            l.index,
            l.seller.index(),
            l.buyer.index()
        )?;
        data(&mut w, LINK_ATTRS, &net.link_values(&l), "l_")?;
        writeln!(w, "    </edge>")?;
    }
    writeln!(w, "  </graph>")?;
    writeln!(w, "</graphml>")?;
    w.flush()?;
    Ok(())
}
