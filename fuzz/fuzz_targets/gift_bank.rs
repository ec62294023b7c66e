//! Any text as a Moodle GIFT bank: converted or reported, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = app::ssr::content::gift::convert(text);
    }
});
