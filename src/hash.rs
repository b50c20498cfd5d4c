//! Short, stable fingerprints (FNV-1a, 64 bits, in hex) of what decides a
//! report: a schema, the policy, the detectors, the sample settings. Stable
//! across runs and platforms, unlike `std`'s hasher; not for security.

pub struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv64 {
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    pub fn value(&self) -> u64 {
        self.0
    }

    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// The fingerprint of some text.
pub fn fnv64(text: &str) -> String {
    let mut h = Fnv64::default();
    h.write(text.as_bytes());
    h.hex()
}

/// A stable 64-bit hash of some bytes for sampling (bottom-k sketches):
/// eight bytes at a time, then MurmurHash3's finalizer so every output bit
/// depends on every input bit. The same on every machine and run; not for
/// security.
pub fn hash64(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut step = |w: u64| h = (h ^ w).wrapping_mul(K).rotate_left(29);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        step(u64::from_le_bytes(c.try_into().unwrap_or_default()));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        step(u64::from_le_bytes(buf));
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}
