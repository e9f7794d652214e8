//! A quote search's first filter: the three-byte runs of a folded text as a Bloom filter.

/// The three-byte runs of a folded text, as a 256-bit Bloom filter (one bit per run). A text
/// contains a phrase only if its filter has every bit of the phrase's filter: a quote search
/// rules out most candidates with four word operations instead of folding their text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Trigrams([u64; 4]);

impl Trigrams {
    pub fn of(folded: &str) -> Trigrams {
        let mut bits = [0u64; 4];
        for w in folded.as_bytes().windows(3) {
            let h = (u32::from(w[0]) | u32::from(w[1]) << 8 | u32::from(w[2]) << 16)
                .wrapping_mul(0x9e37_79b1)
                >> 24;
            bits[(h >> 6) as usize] |= 1 << (h & 63);
        }
        Trigrams(bits)
    }

    /// Whether every bit of `other` is set here.
    pub fn covers(&self, other: &Trigrams) -> bool {
        self.0.iter().zip(&other.0).all(|(a, b)| a & b == *b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_covers_the_trigrams_of_what_it_contains() {
        let text = Trigrams::of("the hardest steps are still ahead of us");
        assert!(text.covers(&Trigrams::of("hardest steps")));
        assert!(text.covers(&Trigrams::of("ead of u")));
        assert!(text.covers(&Trigrams::of("")));
        assert!(!text.covers(&Trigrams::of("hardset steps")));
    }
}
