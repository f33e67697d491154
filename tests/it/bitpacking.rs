//! bitpacking, the codec of tantivy's postings and positions, at every bit width.
//!
//! The browser app's `web` profile compiles bitpacking with debug assertions
//! (`[profile.web.package.bitpacking]` in Cargo.toml): bitpacking 0.9.3 then
//! uses its loop-based `*_simple` codecs instead of the unrolled ones, ~300 KB
//! less wasm. Indexes are written natively by the unrolled codecs and read in
//! the browser by the simple ones, so both must produce the same bytes.
//!
//! This test packs deterministic blocks at each width 0..=32 with the three
//! codecs tantivy uses (plain, sorted and strictly sorted deltas), checks that
//! they unpack to the input, and compares a checksum of the packed bytes with
//! the one the unrolled codecs produced (x86_64, `--release`, 2026-12-07; the
//! simple codecs gave the same three checksums). `cargo test` (dev profile: debug
//! assertions on) runs the simple codecs; `cargo test --release` runs the
//! unrolled ones. Both must pass:
//!
//! ```sh
//! cargo test -p trovi-tests --test it -- bitpacking::
//! cargo test -p trovi-tests --test it --release -- bitpacking::
//! ```

use bitpacking::{BitPacker, BitPacker4x};

const BLOCK: usize = BitPacker4x::BLOCK_LEN;

/// A small deterministic generator (xorshift32), so the blocks never change.
struct Rng(u32);

impl Rng {
    fn next(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }
}

fn mask(bits: u8) -> u32 {
    if bits >= 32 { u32::MAX } else { (1u32 << bits) - 1 }
}

/// Values below 2^bits, the largest one included.
fn plain_block(bits: u8, rng: &mut Rng) -> Vec<u32> {
    let mut block: Vec<u32> = (0..BLOCK).map(|_| rng.next() & mask(bits)).collect();
    block[BLOCK / 2] = mask(bits);
    block
}

/// Non-decreasing values after `previous` (strictly increasing when `strict`),
/// with gaps (less one, when strict) below 2^bits, the largest gap included,
/// as long as u32 allows. `None` is bitpacking's "before 0" for strict blocks.
fn sorted_block(previous: Option<u32>, bits: u8, strict: bool, rng: &mut Rng) -> Vec<u32> {
    let step = u32::from(strict);
    // bitpacking reads `None` as u32::MAX, one before 0 with wrapping arithmetic.
    let mut previous = previous.unwrap_or(u32::MAX);
    let mut block = Vec::with_capacity(BLOCK);
    for i in 0..BLOCK {
        let wanted = if i == 1 { mask(bits) } else { rng.next() & mask(bits) };
        let base = previous.wrapping_add(step);
        // Leave room for the values still to come (one each, when strict).
        let ceiling = u32::MAX - (BLOCK - 1 - i) as u32 * step;
        let value = base + wanted.min(ceiling - base);
        block.push(value);
        previous = value;
    }
    block
}

/// FNV-1a over the packed bytes of every width: the checksum in the assertions.
fn fnv(hash: &mut u64, bytes: &[u8]) {
    for &b in bytes {
        *hash ^= u64::from(b);
        *hash = hash.wrapping_mul(0x100_0000_01b3);
    }
}

#[test]
fn plain_blocks_round_trip_with_the_same_bytes_at_every_width() {
    let packer = BitPacker4x::new();
    let mut rng = Rng(0x9e37_79b9);
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for bits in 0..=32u8 {
        let block = plain_block(bits, &mut rng);
        assert_eq!(packer.num_bits(&block), bits, "num_bits at width {bits}");
        let mut packed = vec![0u8; BitPacker4x::compressed_block_size(bits)];
        let written = packer.compress(&block, &mut packed, bits);
        assert_eq!(written, packed.len(), "bytes written at width {bits}");
        let mut unpacked = vec![0u32; BLOCK];
        assert_eq!(packer.decompress(&packed, &mut unpacked, bits), written, "bytes read at width {bits}");
        assert_eq!(unpacked, block, "round trip at width {bits}");
        fnv(&mut hash, &packed);
    }
    assert_eq!(hash, 15_445_279_197_426_862_270, "packed bytes changed: bitpacking's plain codec no longer writes what 0.9.3's unrolled one did");
}

#[test]
fn sorted_blocks_round_trip_with_the_same_bytes_at_every_width() {
    let packer = BitPacker4x::new();
    let mut rng = Rng(0x85eb_ca6b);
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for bits in 0..=32u8 {
        let initial = rng.next() >> 8;
        let block = sorted_block(Some(initial), bits, false, &mut rng);
        assert!(packer.num_bits_sorted(initial, &block) <= bits, "num_bits_sorted at width {bits}");
        let mut packed = vec![0u8; BitPacker4x::compressed_block_size(bits)];
        let written = packer.compress_sorted(initial, &block, &mut packed, bits);
        let mut unpacked = vec![0u32; BLOCK];
        assert_eq!(packer.decompress_sorted(initial, &packed, &mut unpacked, bits), written, "bytes read at width {bits}");
        assert_eq!(unpacked, block, "round trip at width {bits}");
        fnv(&mut hash, &packed[..written]);
    }
    assert_eq!(hash, 2_327_127_455_196_103_750, "packed bytes changed: bitpacking's sorted codec no longer writes what 0.9.3's unrolled one did");
}

#[test]
fn strictly_sorted_blocks_round_trip_with_the_same_bytes_at_every_width() {
    // tantivy's doc ids: strictly increasing, after the previous block's last
    // id (`Some`) or from the start of the list (`None`).
    let packer = BitPacker4x::new();
    let mut rng = Rng(0xc2b2_ae35);
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for bits in 0..=32u8 {
        for initial in [None, Some(rng.next() >> 8)] {
            let block = sorted_block(initial, bits, true, &mut rng);
            assert!(packer.num_bits_strictly_sorted(initial, &block) <= bits, "num_bits_strictly_sorted at width {bits}");
            let mut packed = vec![0u8; BitPacker4x::compressed_block_size(bits)];
            let written = packer.compress_strictly_sorted(initial, &block, &mut packed, bits);
            let mut unpacked = vec![0u32; BLOCK];
            let read = packer.decompress_strictly_sorted(initial, &packed, &mut unpacked, bits);
            assert_eq!(read, written, "bytes read at width {bits}, initial {initial:?}");
            assert_eq!(unpacked, block, "round trip at width {bits}, initial {initial:?}");
            fnv(&mut hash, &packed[..written]);
        }
    }
    assert_eq!(
        hash, 11_570_060_059_505_381_346,
        "packed bytes changed: bitpacking's strictly sorted codec no longer writes what 0.9.3's unrolled one did"
    );
}
