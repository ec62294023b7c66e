//! Any bytes as a cohort roster upload (any encoding, any CSV): checked
//! into rows and problems, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = app::ssr::cohorts::roster::check(data, &|org: &str| org == "shelter");
});
