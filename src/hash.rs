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
