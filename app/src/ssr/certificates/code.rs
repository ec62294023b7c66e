//! Certificate identifiers: `LNT-7K3F-9QX2-M4TD-HW8B-R` — 80 random bits
//! written as 16 symbols of Crockford's base-32 alphabet (no I, L, O or U,
//! so nothing reads as another character), in groups of four, then one
//! check symbol. The check (Luhn mod 32) catches every single mistyped
//! symbol and most swapped neighbours, so the verification page can say
//! "looks mistyped" instead of "unknown". Reading is forgiving: any case,
//! with or without the prefix and hyphens, O for 0 and I or L for 1.

/// Crockford's base 32.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const PREFIX: &str = "LNT";
const SYMBOLS: usize = 16;

fn value(symbol: u8) -> Option<u32> {
    let symbol = match symbol.to_ascii_uppercase() {
        b'O' => b'0',
        b'I' | b'L' => b'1',
        s => s,
    };
    ALPHABET.iter().position(|a| *a == symbol).map(|p| p as u32)
}

/// The Luhn mod N check symbol for `values` (N = 32).
fn check_value(values: &[u32]) -> u32 {
    let n = ALPHABET.len() as u32;
    let mut factor = 2;
    let mut sum = 0;
    for v in values.iter().rev() {
        let addend = factor * v;
        sum += addend / n + addend % n;
        factor = if factor == 2 { 1 } else { 2 };
    }
    (n - sum % n) % n
}

fn format(values: &[u32]) -> String {
    let symbols: Vec<char> = values
        .iter()
        .map(|v| ALPHABET[*v as usize] as char)
        .collect();
    let groups: Vec<String> = symbols[..SYMBOLS]
        .chunks(4)
        .map(|g| g.iter().collect())
        .collect();
    format!("{PREFIX}-{}-{}", groups.join("-"), symbols[SYMBOLS])
}

/// A new identifier from 80 random bits.
pub fn generate(random: [u8; 10]) -> String {
    let mut bits: u128 = 0;
    for b in random {
        bits = (bits << 8) | u128::from(b);
    }
    let mut values: Vec<u32> = (0..SYMBOLS)
        .rev()
        .map(|i| ((bits >> (i * 5)) & 31) as u32)
        .collect();
    values.push(check_value(&values));
    format(&values)
}

/// What a typed identifier turned out to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed {
    /// Well formed; the canonical spelling.
    Valid(String),
    /// The right shape, but the check symbol does not match: a typo.
    Mistyped,
    /// Not an identifier at all.
    Malformed,
}

pub fn parse(input: &str) -> Parsed {
    let compact: String = input
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\u{2010}'..='\u{2015}'))
        .collect::<String>()
        .to_ascii_uppercase();
    let body = compact.strip_prefix(PREFIX).unwrap_or(&compact);
    if body.len() != SYMBOLS + 1 || !body.is_ascii() {
        return Parsed::Malformed;
    }
    let Some(values) = body.bytes().map(value).collect::<Option<Vec<u32>>>() else {
        return Parsed::Malformed;
    };
    if check_value(&values[..SYMBOLS]) != values[SYMBOLS] {
        return Parsed::Mistyped;
    }
    Parsed::Valid(format(&values))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_have_the_documented_shape_and_read_back() {
        let id = generate([0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x0f, 0xed]);
        // "LNT-" + four groups of four + "-" + the check symbol.
        assert_eq!(id.len(), 25);
        assert_eq!(id.matches('-').count(), 5);
        assert!(id.starts_with("LNT-"));
        assert!(!id[4..].contains(['I', 'L', 'O', 'U']), "{id}");
        assert_eq!(parse(&id), Parsed::Valid(id.clone()));
        // Forgiving reading: lower case, no hyphens, no prefix, O for 0.
        let loose = id[4..].replace('-', "").to_lowercase().replace('0', "o");
        assert_eq!(parse(&loose), Parsed::Valid(id.clone()));
        assert_ne!(generate([0; 10]), generate([1; 10]));
    }

    #[test]
    fn every_single_typo_is_caught_by_the_check_symbol() {
        let id = generate([7, 99, 3, 250, 18, 44, 1, 0, 201, 66]);
        let chars: Vec<char> = id.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if *c == '-' || i < 4 {
                continue;
            }
            for replacement in ALPHABET.iter().map(|b| *b as char).filter(|r| r != c) {
                let mut typo = chars.clone();
                typo[i] = replacement;
                let typo: String = typo.into_iter().collect();
                assert_eq!(parse(&typo), Parsed::Mistyped, "{typo}");
            }
        }
    }

    #[test]
    fn most_swapped_neighbours_are_caught() {
        let id = generate([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
        let compact: Vec<char> = id[4..].chars().filter(|c| *c != '-').collect();
        let mut caught = 0;
        let mut swaps = 0;
        for i in 0..compact.len() - 1 {
            if compact[i] == compact[i + 1] {
                continue;
            }
            let mut swapped = compact.clone();
            swapped.swap(i, i + 1);
            swaps += 1;
            if parse(&swapped.iter().collect::<String>()) == Parsed::Mistyped {
                caught += 1;
            }
        }
        assert!(caught * 10 >= swaps * 9, "{caught} of {swaps}");
    }

    #[test]
    fn anything_else_is_malformed() {
        assert_eq!(parse(""), Parsed::Malformed);
        assert_eq!(parse("LNT-1234"), Parsed::Malformed);
        assert_eq!(parse("LNT-UUUU-UUUU-UUUU-UUUU-U"), Parsed::Malformed);
        assert_eq!(parse("ลนท-1234-5678-9ABC-DEFG-H"), Parsed::Malformed);
    }
}
