//! Blueprint packages in TOML or JSON (the first byte picks which): a
//! blueprint that is accepted round-trips through its canonical form.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plural_kernel::blueprints::{canonical, parse, Syntax};
use plural_web::blueprints::service::MODULES;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let Ok(source) = std::str::from_utf8(rest) else { return };
    let syntax = if pick % 2 == 0 { Syntax::Toml } else { Syntax::Json };
    if let Ok(b) = parse(source, syntax, &MODULES) {
        let text = canonical(&b);
        assert!(!text.is_empty(), "an accepted blueprint has no canonical form");
        match parse(&text, Syntax::Json, &MODULES) {
            Ok(again) => assert_eq!(again, b, "the canonical form reads back as another blueprint"),
            Err(problems) => panic!("the canonical form of an accepted blueprint is refused: {problems:?}\n{text}"),
        }
    }
});
