//! Hash maps with a fast, fixed hash function (FxHash, as in rustc) for the
//! maps extraction builds per document and per token: token positions,
//! words, names. SipHash, the standard library's default, resists
//! adversarial keys at several times the cost, and took a tenth of the run;
//! nothing here hashes keys an attacker picks to a table anyone else sees.
//! Iteration order is never relied on, with either hasher.

use std::hash::{BuildHasherDefault, Hasher};

pub type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;
pub type HashSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;

#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap()));
        }
        // The last bytes read in place, without copying them into a zeroed
        // word: a copy of a length known only at run time is a call to
        // `memcpy`, made for nearly every word hashed. Four to seven bytes
        // as two loads that may overlap, fewer as their first, middle and
        // last (with the length, so that "ab" and "abb" differ).
        let rest = chunks.remainder();
        let n = rest.len();
        if n >= 4 {
            let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
            let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
            self.add(u64::from(lo) | ((u64::from(hi) << 32) ^ ((n as u64) << 61)));
        } else if n > 0 {
            let w = u64::from(rest[0])
                | u64::from(rest[n / 2]) << 8
                | u64::from(rest[n - 1]) << 16
                | (n as u64) << 24;
            self.add(w);
        }
    }
    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits weakest; the table indexes by them.
        self.0 ^ (self.0 >> 32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    fn hash(s: &str) -> u64 {
        BuildHasherDefault::<FxHasher>::default().hash_one(s)
    }

    #[test]
    fn short_words_and_their_tails_hash_apart() {
        // Every string of one to eleven letters over a three-letter
        // alphabet: tails of every length, and two that differ in one byte
        // or in their length only.
        let mut words = vec![String::new()];
        let mut all = Vec::new();
        for _ in 0..11 {
            words = words
                .iter()
                .flat_map(|w| ['a', 'b', 'c'].map(|c| format!("{w}{c}")))
                .collect();
            all.extend(words.iter().cloned());
        }
        let distinct: std::collections::HashSet<u64> = all.iter().map(|w| hash(w)).collect();
        assert_eq!(distinct.len(), all.len());
    }
}
