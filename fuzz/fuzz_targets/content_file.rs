//! Any bytes as a module, and as a final assessment, of a course compiled
//! exactly as `lantern import` compiles a folder: it ends with a course or
//! a list of errors — never a panic, a hang or a blow-up.
#![no_main]

use app::ssr::content::compile::compile_course;
use app::ssr::content::source::{course_files, Images};
use libfuzzer_sys::fuzz_target;

const COURSE: &str = "+++\ntitle = \"T\"\nsummary = \"S\"\naudience = [\"police\"]\nlanguages = [\"en\", \"th\"]\nestimated_minutes = 5\ncertificate = true\n+++\nIntro.\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for file in ["01-fuzz.md", "assessment.md", "01-fuzz.th.md"] {
        let mut docs = vec![("course.md".to_string(), COURSE.to_string())];
        if file != "01-fuzz.md" {
            docs.push(("01-fuzz.md".to_string(), "+++\ntitle = \"M\"\nestimated_minutes = 5\n+++\nText.\n".to_string()));
        }
        docs.push((file.to_string(), text.to_string()));
        if let Ok(files) = course_files("fuzz", "fuzz", Images::Stored(Default::default()), docs) {
            let _ = compile_course(&files);
        }
    }
});
