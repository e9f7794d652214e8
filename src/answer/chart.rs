//! The `/timeline` chart: statements per month as bars, the topic's share marked in another
//! colour, drawn with plotters into a bitmap and encoded as PNG. Pure (counts in, bytes out) and
//! font-free: no text is drawn, so no system font is needed; the reply's heading names the months.

use plotters::prelude::*;

use crate::answer::reply::MonthCount;

/// The chart's size in pixels.
pub const WIDTH: u32 = 480;
pub const HEIGHT: u32 = 200;
/// Months shown at most (the newest).
pub const MAX_MONTHS: usize = 24;
const MARGIN: i32 = 12;
/// Bar colours: all statements, and those on the topic.
const BAR: RGBColor = RGBColor(0x2b, 0x6c, 0xb0);
const ON_TOPIC: RGBColor = RGBColor(0xdd, 0x6b, 0x20);
const AXIS: RGBColor = RGBColor(0x4a, 0x55, 0x68);

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("drawing the chart failed: {0}")]
    Draw(String),
    #[error("encoding the chart as PNG failed: {0}")]
    Encode(#[from] png::EncodingError),
}

/// Every month from the oldest to the newest of `months` (newest first, as `timeline` gives
/// them), oldest first, those without statements as zero; at most the newest `MAX_MONTHS`.
pub fn consecutive(months: &[MonthCount]) -> Vec<MonthCount> {
    let parse = |m: &str| -> Option<i32> {
        let (y, mo) = m.split_once('-')?;
        Some(y.parse::<i32>().ok()? * 12 + mo.parse::<i32>().ok()? - 1)
    };
    let numbered: Vec<(i32, &MonthCount)> = months
        .iter()
        .filter_map(|m| Some((parse(&m.month)?, m)))
        .collect();
    let (Some(newest), Some(oldest)) = (
        numbered.iter().map(|m| m.0).max(),
        numbered.iter().map(|m| m.0).min(),
    ) else {
        return Vec::new();
    };
    let first = oldest.max(newest - MAX_MONTHS as i32 + 1);
    (first..=newest)
        .map(|n| {
            let found = numbered.iter().find(|m| m.0 == n).map(|m| m.1);
            MonthCount {
                month: format!("{:04}-{:02}", n.div_euclid(12), n.rem_euclid(12) + 1),
                statements: found.map_or(0, |m| m.statements),
                on_topic: found.map_or(0, |m| m.on_topic),
            }
        })
        .collect()
}

/// The chart of `months` (newest first) as PNG bytes.
pub fn months_png(months: &[MonthCount]) -> Result<Vec<u8>, ChartError> {
    let bars = consecutive(months);
    let mut pixels = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    draw(&bars, &mut pixels).map_err(ChartError::Draw)?;
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&pixels)?;
    }
    Ok(out)
}

/// Draws the bars into an RGB buffer of `WIDTH` × `HEIGHT`.
fn draw(bars: &[MonthCount], pixels: &mut [u8]) -> Result<(), String> {
    let root = BitMapBackend::with_buffer(pixels, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let (w, h) = (WIDTH as i32, HEIGHT as i32);
    let base = h - MARGIN;
    let most = bars.iter().map(|b| b.statements).max().unwrap_or(0).max(1);
    let n = bars.len().max(1) as i32;
    let slot = (w - 2 * MARGIN) / n;
    let gap = (slot / 5).max(1);
    let tall = (base - MARGIN) as f64;
    let height = |count: usize| (count as f64 / most as f64 * tall).round() as i32;
    for (i, b) in bars.iter().enumerate() {
        let x0 = MARGIN + i as i32 * slot + gap / 2;
        let x1 = x0 + slot - gap;
        if b.statements > 0 {
            let top = base - height(b.statements).max(1);
            root.draw(&Rectangle::new([(x0, top), (x1, base)], BAR.filled()))
                .map_err(|e| e.to_string())?;
        }
        if b.on_topic > 0 {
            let top = base - height(b.on_topic).max(1);
            root.draw(&Rectangle::new([(x0, top), (x1, base)], ON_TOPIC.filled()))
                .map_err(|e| e.to_string())?;
        }
        // A tick under each month; a longer one at each January.
        let tick = if b.month.ends_with("-01") { 8 } else { 4 };
        let mid = (x0 + x1) / 2;
        root.draw(&PathElement::new(
            vec![(mid, base), (mid, base + tick)],
            AXIS,
        ))
        .map_err(|e| e.to_string())?;
    }
    root.draw(&PathElement::new(
        vec![(MARGIN, base), (w - MARGIN, base)],
        AXIS.stroke_width(2),
    ))
    .map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(m: &str, statements: usize, on_topic: usize) -> MonthCount {
        MonthCount {
            month: m.into(),
            statements,
            on_topic,
        }
    }

    #[test]
    fn months_without_statements_are_filled_in_oldest_first() {
        let bars = consecutive(&[month("2026-02", 3, 1), month("2025-11", 1, 0)]);
        let names: Vec<&str> = bars.iter().map(|b| b.month.as_str()).collect();
        assert_eq!(names, ["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert_eq!(bars[1].statements, 0);
        assert_eq!(bars[3].on_topic, 1);
        let long = consecutive(&[month("2026-01", 1, 0), month("2020-01", 1, 0)]);
        assert_eq!(long.len(), MAX_MONTHS);
        assert_eq!(long[MAX_MONTHS - 1].month, "2026-01");
    }

    #[test]
    fn the_chart_is_a_png_with_both_colours_in_proportion() {
        let png = months_png(&[month("2026-01", 4, 2), month("2025-12", 2, 0)]).expect("drawn");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let decoder = png::Decoder::new(png.as_slice());
        let mut reader = decoder.read_info().expect("a PNG");
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).expect("a frame");
        assert_eq!((info.width, info.height), (WIDTH, HEIGHT));
        let count = |c: RGBColor| buf.chunks(3).filter(|p| p == &[c.0, c.1, c.2]).count();
        let (blue, orange) = (count(BAR), count(ON_TOPIC));
        assert!(orange > 0, "the topic's share is marked");
        // January: 2 of 4 on the topic; December: 2 not. Blue shows 2 + 2 parts, orange 2.
        assert!(blue > orange / 2 && blue < orange * 3, "{blue} {orange}");
    }
}
