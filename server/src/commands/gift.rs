use super::CommandError;
use app::ssr::content::gift::{convert, markdown};
use app::ssr::content::markdown::slug;
use std::path::Path;

/// `lantern import-gift FILE --out DIR`: writes `DIR/<category>.md` per
/// category and lists what it skipped, as `FILE:LINE: …`. Existing files
/// are never overwritten.
pub fn run(file: &Path, out: &Path) -> Result<(), CommandError> {
    let source = std::fs::read_to_string(file).map_err(|e| {
        let message = format!("cannot read {}: {e}", file.display());
        if e.kind() == std::io::ErrorKind::NotFound {
            CommandError::NotFound(message)
        } else {
            CommandError::Input(message)
        }
    })?;
    let converted = convert(&source);
    std::fs::create_dir_all(out)
        .map_err(|e| CommandError::Input(format!("cannot create {}: {e}", out.display())))?;
    for (category, lines) in &converted.categories {
        let path = out.join(format!("{}.md", slug(category)));
        if path.exists() {
            return Err(CommandError::Exists(format!(
                "{} already exists; choose another --out folder",
                path.display()
            )));
        }
        std::fs::write(&path, markdown(category, lines))
            .map_err(|e| CommandError::Input(format!("cannot write {}: {e}", path.display())))?;
        println!("wrote {}", path.display());
    }
    println!(
        "converted {} questions; skipped {}",
        converted.questions,
        converted.skipped.len()
    );
    for s in &converted.skipped {
        println!(
            "{}:{}: skipped {} question: {}",
            file.display(),
            s.line,
            s.kind,
            s.text
        );
    }
    Ok(())
}
