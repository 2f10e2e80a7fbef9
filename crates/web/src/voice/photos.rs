//! Report photos: checked by content (JPEG, PNG or WebP, at most 5 MB),
//! decoded, turned upright, scaled to fit, and encoded afresh — so nothing
//! of the original file but its pixels survives (no EXIF, no GPS position,
//! no camera make or model, no comments or colour-profile fingerprints).

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use plural_kernel::local_reports::{self as rules, PhotoKind};
use plural_kernel::FieldError;
use plural_store::local_reports::Photo;

/// Pixels a photo may have before it is refused outright (a "decompression
/// bomb" is a small file that claims huge dimensions).
const MAX_PIXELS: u64 = 50_000_000;

/// Check, decode and re-encode an uploaded photo.
pub fn clean(bytes: &[u8]) -> Result<Photo, FieldError> {
    let kind = rules::check_photo(bytes)?;
    let unreadable = || FieldError::new("photo", "local-report-photo-unreadable");
    let format = match kind {
        PhotoKind::Jpeg => ImageFormat::Jpeg,
        PhotoKind::Png => ImageFormat::Png,
        PhotoKind::Webp => ImageFormat::WebP,
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| unreadable())?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(FieldError::new("photo", "local-report-photo-too-large"));
    }
    // Read the orientation before the metadata goes, so the photo stays upright.
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| unreadable())?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    if img.width() > rules::PHOTO_MAX_SIDE || img.height() > rules::PHOTO_MAX_SIDE {
        img = img.resize(rules::PHOTO_MAX_SIDE, rules::PHOTO_MAX_SIDE, image::imageops::FilterType::Lanczos3);
    }
    let mut out = Vec::new();
    let content_type = match kind {
        // Photographs stay JPEG; PNG and WebP (perhaps with transparency, and
        // WebP encoding here is lossless only) become PNG.
        PhotoKind::Jpeg => {
            let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
            rgb.write_with_encoder(encoder).map_err(|_| unreadable())?;
            "image/jpeg"
        }
        PhotoKind::Png | PhotoKind::Webp => {
            let img = if img.color().has_alpha() {
                DynamicImage::ImageRgba8(img.to_rgba8())
            } else {
                DynamicImage::ImageRgb8(img.to_rgb8())
            };
            img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png).map_err(|_| unreadable())?;
            "image/png"
        }
    };
    Ok(Photo { content_type, width: img.width(), height: img.height(), bytes: out })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 90])));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg).unwrap();
        out
    }

    #[test]
    fn a_photo_is_encoded_afresh_and_scaled_to_fit() {
        let p = clean(&jpeg(3000, 1000)).unwrap();
        assert_eq!((p.content_type, p.width, p.height), ("image/jpeg", 2048, 683));
        assert!(p.bytes.starts_with(&[0xFF, 0xD8, 0xFF]));
    }

    #[test]
    fn a_broken_image_is_refused() {
        let mut broken = jpeg(40, 40);
        broken.truncate(30);
        assert_eq!(clean(&broken).unwrap_err().code, "local-report-photo-unreadable");
        assert_eq!(clean(b"hello").unwrap_err().code, "local-report-photo-type");
    }
}
