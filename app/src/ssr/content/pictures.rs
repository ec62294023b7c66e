//! What a picture is, read from its bytes — never from its name or from
//! what a browser says — and how many pixels it decodes to, so that a
//! small file that unpacks into a huge bitmap (a decompression bomb) is
//! refused before a phone on a slow link tries to show it. Only the
//! headers are read: nothing is decoded.

/// At most this many pixels (4096 × 4096: 64 MB as a bitmap), and no side
/// longer than [`MAX_SIDE`].
pub const MAX_PIXELS: u64 = 4096 * 4096;
pub const MAX_SIDE: u32 = 8192;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Picture {
    pub content_type: &'static str,
    /// The extension a file of this type is named with.
    pub ext: &'static str,
    pub width: u32,
    pub height: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PictureError {
    /// Not PNG, JPEG, GIF or WebP, or its header is cut short.
    NotAPicture,
    /// It would decode to more than [`MAX_PIXELS`] or a side over
    /// [`MAX_SIDE`].
    TooManyPixels { width: u32, height: u32 },
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes([
        *b.get(at)?,
        *b.get(at + 1)?,
    ])))
}

fn le16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes([
        *b.get(at)?,
        *b.get(at + 1)?,
    ])))
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes([
        *b.get(at)?,
        *b.get(at + 1)?,
        *b.get(at + 2)?,
        0,
    ]))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// A JPEG's size from its first start-of-frame segment.
fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    loop {
        // Markers may be padded with 0xFF bytes.
        while *b.get(at)? == 0xFF && *b.get(at + 1)? == 0xFF {
            at += 1;
        }
        if *b.get(at)? != 0xFF {
            return None;
        }
        let marker = *b.get(at + 1)?;
        let length = usize::try_from(be16(b, at + 2)?).ok()?;
        let frame = (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if frame {
            return Some((be16(b, at + 7)?, be16(b, at + 5)?));
        }
        if length < 2 {
            return None;
        }
        at += 2 + length;
    }
}

/// A WebP's canvas size (lossy, lossless or extended).
fn webp_size(b: &[u8]) -> Option<(u32, u32)> {
    match b.get(12..16)? {
        b"VP8 " => Some((le16(b, 26)? & 0x3FFF, le16(b, 28)? & 0x3FFF)),
        b"VP8L" => {
            let bits = u32::from_le_bytes(b.get(21..25)?.try_into().ok()?);
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8X" => Some((le24(b, 24)? + 1, le24(b, 27)? + 1)),
        _ => None,
    }
}

/// Reads a picture's type and size from its bytes.
pub fn inspect(bytes: &[u8]) -> Result<Picture, PictureError> {
    let (content_type, ext, size) = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let size = (bytes.get(12..16) == Some(b"IHDR".as_slice()))
            .then(|| Some((be32(bytes, 16)?, be32(bytes, 20)?)))
            .flatten();
        ("image/png", "png", size)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        ("image/jpeg", "jpg", jpeg_size(bytes))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        ("image/gif", "gif", le16(bytes, 6).zip(le16(bytes, 8)))
    } else if bytes.len() >= 16 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        ("image/webp", "webp", webp_size(bytes))
    } else {
        return Err(PictureError::NotAPicture);
    };
    let (width, height) = size.ok_or(PictureError::NotAPicture)?;
    if width == 0 || height == 0 {
        return Err(PictureError::NotAPicture);
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PictureError::TooManyPixels { width, height });
    }
    Ok(Picture {
        content_type,
        ext,
        width,
        height,
    })
}

/// Whether a file named with extension `ext` may hold a picture of this
/// type (`jpeg` and `jpg` are one).
pub fn named_rightly(picture: &Picture, ext: &str) -> bool {
    let ext = ext.to_ascii_lowercase();
    ext == picture.ext || (picture.ext == "jpg" && ext == "jpeg")
}

/// A PNG header of `width` × `height` followed by `tag` (so test pictures
/// differ): enough for [`inspect`], which reads no further.
pub fn png_header(width: u32, height: u32, tag: &[u8]) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    out.extend_from_slice(&width.to_be_bytes());
    out.extend_from_slice(&height.to_be_bytes());
    out.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    out.extend_from_slice(tag);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_sizes_come_from_the_headers() {
        let png = inspect(&png_header(640, 480, b"x")).unwrap();
        assert_eq!((png.ext, png.width, png.height), ("png", 640, 480));
        let gif = inspect(b"GIF89a\x20\x03\x58\x02rest").unwrap();
        assert_eq!((gif.ext, gif.width, gif.height), ("gif", 800, 600));
        // JPEG: an APP0 segment, then a baseline frame of 1024 × 768.
        let jpeg = [
            &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00][..],
            &[0xFF, 0xC0, 0x00, 0x11, 0x08, 0x03, 0x00, 0x04, 0x00, 0x03][..],
        ]
        .concat();
        let j = inspect(&jpeg).unwrap();
        assert_eq!((j.ext, j.width, j.height), ("jpg", 1024, 768));
        let mut webp = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0".to_vec();
        webp.extend_from_slice(&[0x7F, 0x02, 0x00, 0xDF, 0x01, 0x00]);
        let w = inspect(&webp).unwrap();
        assert_eq!((w.ext, w.width, w.height), ("webp", 640, 480));
    }

    #[test]
    fn bombs_and_impostors_are_refused() {
        // A few bytes that would decode to 50,000 × 50,000 pixels.
        assert_eq!(
            inspect(&png_header(50_000, 50_000, b"")),
            Err(PictureError::TooManyPixels {
                width: 50_000,
                height: 50_000
            })
        );
        assert!(matches!(
            inspect(&png_header(5_000, 5_000, b"")),
            Err(PictureError::TooManyPixels { .. })
        ));
        assert!(matches!(
            inspect(b"GIF89a\xff\xff\x01\x00"),
            Err(PictureError::TooManyPixels { .. })
        ));
        for impostor in [
            &b"<svg onload=alert(1)>"[..],
            b"PK\x03\x04zip",
            b"",
            b"\x89PNG\r\n\x1a\n",
            b"RIFF\0\0\0\0WAVEfmt ",
            &png_header(0, 10, b""),
            &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x00],
        ] {
            assert_eq!(
                inspect(impostor),
                Err(PictureError::NotAPicture),
                "{impostor:?}"
            );
        }
        let png = inspect(&png_header(10, 10, b"")).unwrap();
        assert!(named_rightly(&png, "PNG"));
        assert!(!named_rightly(&png, "jpg"));
    }
}
