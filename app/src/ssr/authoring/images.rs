//! Pictures uploaded in the browser: the type is read from the bytes (not
//! the name or the browser's word), the size is capped as for imported
//! pictures, and the bytes are stored like imported media — by hash, named
//! `images/<name>.<ext>` for the course — so the Markdown refers to them
//! exactly as a file in the course folder, and an export writes them back.

use super::store;
use super::workspace::Workspace;
use super::AuthoringError;
use crate::ssr::auth::access::CurrentUser;
use crate::ssr::content::compile::MAX_IMAGE_BYTES;
use crate::ssr::content::pictures::{inspect, PictureError};
use crate::ssr::content::store as content_store;
use crate::ssr::db::{now, Db};

/// `images/<stem>.<ext>`: the uploaded name's stem made safe for a path
/// (lower-case letters, digits and hyphens; `picture` if nothing is left),
/// with the extension of what the bytes are.
pub fn image_path(file_name: &str, ext: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or("");
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    let mut clean = String::new();
    for c in stem.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            clean.push(c);
        } else if !clean.ends_with('-') && !clean.is_empty() {
            clean.push('-');
        }
        if clean.len() >= 60 {
            break;
        }
    }
    let clean = clean.trim_end_matches('-');
    let stem = if clean.is_empty() { "picture" } else { clean };
    format!("images/{stem}.{ext}")
}

/// Stores an uploaded picture for course `slug`; returns the path the
/// Markdown names it with. A picture already under that path is replaced
/// for drafts and later publications (published versions keep theirs by
/// hash).
pub async fn upload(
    db: &Db,
    slug: &str,
    user: &CurrentUser,
    file_name: &str,
    bytes: &[u8],
) -> Result<String, AuthoringError> {
    let mut tx = db.begin().await?;
    let ws = Workspace::open(&mut tx, slug, user).await?;
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(AuthoringError::TooLarge);
    }
    let picture = inspect(bytes).map_err(|e| match e {
        PictureError::NotAPicture => AuthoringError::NotAnImage,
        PictureError::TooManyPixels { .. } => AuthoringError::TooManyPixels,
    })?;
    let (content_type, ext) = (picture.content_type, picture.ext);
    let path = image_path(file_name, ext);
    let hash = crate::ssr::content::content_hash_bytes(bytes);
    let at = now();
    content_store::insert_media(&mut tx, &hash, content_type, bytes, at).await?;
    content_store::name_image(&mut tx, ws.course.id, &path, &hash, at).await?;
    // The course's drafts changed (a picture they show may be new).
    store::touch(&mut tx, ws.course.id).await?;
    tx.commit().await?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_safe_and_take_the_real_extension() {
        assert_eq!(
            image_path("Border Map (2024).PNG", "png"),
            "images/border-map-2024.png"
        );
        assert_eq!(
            image_path("../../etc/passwd.png", "jpg"),
            "images/passwd.jpg"
        );
        assert_eq!(
            image_path("C:\\Users\\x\\แผนที่.gif", "gif"),
            "images/picture.gif"
        );
        assert_eq!(image_path("photo.jpeg.exe", "jpg"), "images/photo-jpeg.jpg");
        let long = "a".repeat(10_000);
        assert!(image_path(&long, "png").len() < 80);
    }
}
