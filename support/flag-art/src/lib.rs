//! Flag-like GIF89a images, drawn from each country code so that nothing is shipped or
//! downloaded: the built-in flags server's flags (`flags_server::art` keeps them).
//!
//! Each country gets a simple design (stripes, a cross, a disc, a canton...) in flag colours,
//! with its code written on it so a saved file is recognisable at a glance, and a woven
//! "cloth" texture whose density varies by country: the texture is what makes the file sizes
//! spread like the book's real GIFs (1 to 40 KB, about 12 KB on average). Everything is
//! derived from the country code, so the bytes are the same on every run ([`draw_flag`]).
//! The code's letters are drawn by `lettering.rs`.
//!
//! A crate of its own because the flags server's build script draws every flag with it
//! (`support/flags-server/build.rs`), and optimised even in debug builds (the workspace's
//! Cargo.toml), so that drawing them all takes a fraction of a second there.

mod lettering;

use lettering::draw_text;

/// Flag colours; each is drawn in three shades (plain, lighter, darker) for the texture.
const BASE_COLOURS: [[u8; 3]; 9] = [
    [206, 17, 38],   // red
    [255, 255, 255], // white
    [0, 56, 168],    // blue
    [0, 122, 61],    // green
    [252, 209, 22],  // yellow
    [20, 20, 20],    // black
    [255, 130, 0],   // orange
    [93, 173, 226],  // sky blue
    [128, 0, 32],    // maroon
];

/// The designs a flag can have.
#[derive(Debug, Clone, Copy)]
enum Design {
    HorizontalStripes,
    VerticalStripes,
    NordicCross,
    Disc,
    Canton,
    Diagonal,
    Triangle,
}

const DESIGNS: [Design; 7] = [
    Design::HorizontalStripes,
    Design::VerticalStripes,
    Design::NordicCross,
    Design::Disc,
    Design::Canton,
    Design::Diagonal,
    Design::Triangle,
];

/// Draws the flag of `cc` (two upper-case letters) as a GIF89a file.
///
/// ```
/// let gif = flag_art::draw_flag("BR");
/// assert!(gif.starts_with(b"GIF89a"));
/// assert_eq!(gif, flag_art::draw_flag("BR"), "the same bytes every time");
/// ```
pub fn draw_flag(cc: &str) -> Vec<u8> {
    let mut rng = fastrand::Rng::with_seed(fnv1a(cc.as_bytes()));
    let width: u16 = 160 + 10 * rng.u16(0..20);
    let height: u16 = width * 2 / 3;
    let design = DESIGNS[rng.usize(..DESIGNS.len())];
    let mut colours = [0usize; 3];
    for i in 0..3 {
        // Three different colours, picked from the base colours.
        loop {
            let c = rng.usize(..BASE_COLOURS.len());
            if !colours[..i].contains(&c) {
                colours[i] = c;
                break;
            }
        }
    }
    // How much of the cloth is woven with lighter and darker threads: from almost none
    // (a small file) to a third of the pixels (a large one).
    let texture = 0.02 + 0.8 * rng.f32();

    let (w, h) = (usize::from(width), usize::from(height));
    let mut pixels = vec![0u8; w * h];
    for y in 0..h {
        for x in 0..w {
            let field = field_at(design, x, y, w, h);
            let shade = if rng.f32() < texture {
                1 + rng.u8(0..2)
            } else {
                0
            };
            pixels[y * w + x] = (colours[field] * 3) as u8 + shade;
        }
    }
    let emblem_colour = contrast(colours[0]);
    draw_text(&mut pixels, w, h, cc, emblem_colour);
    encode_gif(width, height, pixels)
}

/// Which of the three colours (0, 1, 2) the design puts at pixel (x, y).
fn field_at(design: Design, x: usize, y: usize, w: usize, h: usize) -> usize {
    match design {
        Design::HorizontalStripes => y * 3 / h,
        Design::VerticalStripes => x * 3 / w,
        Design::NordicCross => {
            let (cx, cy, t) = (w * 3 / 8, h / 2, h / 8);
            if x.abs_diff(cx) < t || y.abs_diff(cy) < t {
                1
            } else {
                0
            }
        }
        Design::Disc => {
            let (dx, dy, r) = (x.abs_diff(w / 2), y.abs_diff(h / 2), h * 3 / 10);
            if dx * dx + dy * dy < r * r { 2 } else { 0 }
        }
        Design::Canton => {
            if x < w * 2 / 5 && y < h / 2 {
                2
            } else {
                (y * 7 / h) % 2
            }
        }
        Design::Diagonal => {
            let d = (x * h) as isize - (y * w) as isize;
            if d.unsigned_abs() < w * h / 8 {
                1
            } else if d > 0 {
                0
            } else {
                2
            }
        }
        Design::Triangle => {
            let from_middle = y.abs_diff(h / 2);
            if x * h < (h / 2 - from_middle.min(h / 2)) * w {
                2
            } else {
                y * 2 / h
            }
        }
    }
}

/// The palette index of a colour that stands out on base colour `c` (black or white).
fn contrast(c: usize) -> u8 {
    let [r, g, b] = BASE_COLOURS[c];
    let light = u32::from(r) * 3 + u32::from(g) * 6 + u32::from(b) > 1400;
    if light { 5 * 3 } else { 3 }
}

/// The global palette: every base colour in its plain, lighter and darker shade.
fn palette() -> Vec<u8> {
    let mut palette = Vec::with_capacity(BASE_COLOURS.len() * 9);
    for [r, g, b] in BASE_COLOURS {
        let lighter = |c: u8| c + (255 - c) / 4;
        let darker = |c: u8| c - c / 5;
        palette.extend([r, g, b]);
        palette.extend([lighter(r), lighter(g), lighter(b)]);
        palette.extend([darker(r), darker(g), darker(b)]);
    }
    palette
}

fn encode_gif(width: u16, height: u16, pixels: Vec<u8>) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let palette = palette();
        let mut encoder = gif::Encoder::new(&mut bytes, width, height, &palette)
            .expect("writing to a Vec cannot fail");
        let frame = gif::Frame::from_indexed_pixels(width, height, pixels, None);
        encoder
            .write_frame(&frame)
            .expect("writing to a Vec cannot fail");
    }
    bytes
}

/// FNV-1a: a hash that, unlike std's `DefaultHasher`, is the same in every Rust version.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_gif89a_and_the_same_on_every_call() {
        let br = draw_flag("BR");
        assert_eq!(&br[..6], b"GIF89a");
        assert_eq!(br, draw_flag("BR"));
        assert_ne!(br, draw_flag("BD"));
    }

    #[test]
    fn flags_decode_to_their_declared_size() {
        let bytes = draw_flag("JP");
        let mut decoder = gif::DecodeOptions::new()
            .read_info(bytes.as_slice())
            .expect("a valid GIF header");
        let (w, h) = (decoder.width(), decoder.height());
        let frame = decoder
            .read_next_frame()
            .expect("a valid frame")
            .expect("one frame");
        assert_eq!((frame.width, frame.height), (w, h));
    }
}
