//! wasm32 exports for run.mjs: pack blocks at one width, then time-free decode
//! loops (the JS side measures them). Built twice by run.sh, once with each codec.

use bitpacking::{BitPacker, BitPacker4x};

const BLOCK: usize = BitPacker4x::BLOCK_LEN;
const BLOCKS: usize = 256;

static mut PACKED: Vec<u8> = Vec::new();

fn packed() -> &'static mut Vec<u8> {
    // Single-threaded wasm: one caller at a time.
    #[allow(static_mut_refs)]
    unsafe {
        &mut PACKED
    }
}

/// Packs `BLOCKS` blocks of values below 2^bits; returns the packed size.
#[no_mangle]
pub extern "C" fn prepare(bits: u32) -> u32 {
    let bits = bits.min(32) as u8;
    let packer = BitPacker4x::new();
    let block_size = BitPacker4x::compressed_block_size(bits);
    let out = packed();
    out.clear();
    out.resize(block_size * BLOCKS, 0);
    let mask = if bits == 32 { u32::MAX } else { (1u32 << bits) - 1 };
    let mut x = 0x9e37_79b9u32;
    let mut values = [0u32; BLOCK];
    for b in 0..BLOCKS {
        for v in values.iter_mut() {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            *v = x & mask;
        }
        packer.compress(&values, &mut out[b * block_size..], bits);
    }
    out.len() as u32
}

/// Decodes every prepared block `rounds` times; returns a checksum so the
/// work cannot be optimised away.
#[no_mangle]
pub extern "C" fn decode(bits: u32, rounds: u32) -> u32 {
    let bits = bits.min(32) as u8;
    let packer = BitPacker4x::new();
    let block_size = BitPacker4x::compressed_block_size(bits);
    let data = packed();
    let mut out = [0u32; BLOCK];
    let mut sum = 0u32;
    for _ in 0..rounds {
        for b in 0..BLOCKS {
            packer.decompress(&data[b * block_size..], &mut out, bits);
            sum = sum.wrapping_add(out[b % BLOCK]);
        }
    }
    sum
}

/// The same with delta decoding (tantivy's doc ids: `decompress_strictly_sorted`).
#[no_mangle]
pub extern "C" fn decode_sorted(bits: u32, rounds: u32) -> u32 {
    let bits = bits.min(32) as u8;
    let packer = BitPacker4x::new();
    let block_size = BitPacker4x::compressed_block_size(bits);
    let data = packed();
    let mut out = [0u32; BLOCK];
    let mut sum = 0u32;
    for _ in 0..rounds {
        for b in 0..BLOCKS {
            packer.decompress_strictly_sorted(Some(sum), &data[b * block_size..], &mut out, bits);
            sum = sum.wrapping_add(out[b % BLOCK]);
        }
    }
    sum
}
