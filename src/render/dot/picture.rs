//! Pictures of a DOT diagram (SVG, PNG, PDF), drawn by Graphviz's `dot` through graphviz-rust's
//! `exec`. The diagram names a CJK font (see [`FONT`]), so Chinese names come out as text, not boxes.

use std::io::ErrorKind;

use graphviz_rust::cmd::{CommandArg, Format as GvFormat};

/// The fonts a diagram asks for, first found wins (a fontconfig family list): Noto Sans CJK
/// (Debian `fonts-noto-cjk`), then WenQuanYi Micro Hei (`fonts-wqy-microhei`, 5 MB), then the
/// system's sans-serif.
pub const FONT: &str = "Noto Sans CJK SC,WenQuanYi Micro Hei,sans-serif";

/// The picture formats `--render` gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picture {
    Svg,
    Png,
    Pdf,
}

impl Picture {
    /// Whether the picture is text (SVG) rather than binary.
    pub fn is_text(self) -> bool {
        self == Picture::Svg
    }

    fn gv(self) -> GvFormat {
        match self {
            Picture::Svg => GvFormat::Svg,
            Picture::Png => GvFormat::Png,
            Picture::Pdf => GvFormat::Pdf,
        }
    }
}

/// What to tell a user whose machine has no Graphviz.
pub const INSTALL_GRAPHVIZ: &str = "Graphviz's `dot` program is needed to draw pictures and was not found on PATH: \
     install Graphviz (Debian/Ubuntu: apt-get install graphviz fonts-wqy-microhei; macOS: brew install graphviz; \
     Windows: winget install graphviz), or write DOT text with --format dot";

/// Why Graphviz drew no picture.
#[derive(Debug, thiserror::Error)]
pub enum DrawError {
    /// Graphviz's `dot` program is not on PATH (the message says how to install it).
    #[error("{INSTALL_GRAPHVIZ}")]
    NoGraphviz,
    /// `dot` ran and failed on the text, with what it said.
    #[error("Graphviz `dot` failed: {0}")]
    Failed(String),
}

/// Draws `dot` (DOT text) as a picture with Graphviz's `dot` program.
///
/// # Errors
/// `dot` is not installed ([`DrawError::NoGraphviz`]), or it fails on the text.
pub fn draw(dot: &str, kind: Picture) -> Result<Vec<u8>, DrawError> {
    graphviz_rust::exec_dot(dot.to_string(), vec![CommandArg::Format(kind.gv())]).map_err(|e| {
        if e.kind() == ErrorKind::NotFound {
            DrawError::NoGraphviz
        } else {
            DrawError::Failed(e.to_string().trim().to_string())
        }
    })
}
