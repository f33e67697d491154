//! Writing a bundle and its manifest to a directory, and reading them back
//! (the `indexer` feature: file I/O).

use super::{head_len, Bundle, BundleFile, BundleHeader, Layout, Manifest, Piece, FORMAT_VERSION, MANIFEST_NAME};
use crate::{Error, Result};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What [`Bundle::write_to_dir`] (or the streaming
/// [`IndexBuilder::finish_to_dir`](crate::IndexBuilder::finish_to_dir)) wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenBundle {
    /// Path of the manifest (`trovi.json`).
    pub manifest_path: PathBuf,
    /// Path of the bundle file (`index.<hash>.trovi`).
    pub bundle_path: PathBuf,
    /// The manifest's content.
    pub manifest: Manifest,
}

impl Bundle {
    /// The content-hashed file name of this bundle: `index.<16 hex>.trovi`.
    pub fn file_name(&self) -> String {
        file_name(Sha256::digest(self.as_bytes()).as_slice())
    }

    /// The manifest that describes this bundle.
    pub fn manifest(&self) -> Manifest {
        manifest(self.header(), self.len() as u64, self.file_name())
    }

    /// Writes the bundle and then its manifest into `dir` (created if missing).
    ///
    /// **Each file is written beside its target and renamed into place, the
    /// bundle before the manifest**, so a reader (or a build killed half-way)
    /// sees either the old complete index or the new one. Bundles the new
    /// manifest no longer names are removed afterwards.
    pub fn write_to_dir(&self, dir: &Path) -> Result<WrittenBundle> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let manifest = self.manifest();
        let bundle_path = dir.join(&manifest.bundle);
        write_atomic(&bundle_path, self.as_bytes())?;
        publish(dir, manifest, bundle_path)
    }

    /// Reads the bundle that `dir/trovi.json` names, checking its size and content.
    pub fn read_dir(dir: &Path) -> Result<Bundle> {
        let manifest_path = dir.join(MANIFEST_NAME);
        let text = std::fs::read(&manifest_path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::input(
                    &manifest_path,
                    None,
                    "no trovi index here (trovi.json is missing; build one with `trovi index`)",
                )
            } else {
                Error::io(&manifest_path, e)
            }
        })?;
        let manifest: Manifest = serde_json::from_slice(&text)
            .map_err(|e| Error::input(&manifest_path, Some(e.line()), format!("unreadable manifest: {e}")))?;
        if manifest.format_version != FORMAT_VERSION {
            return Err(Error::UnsupportedVersion { found: manifest.format_version, supported: FORMAT_VERSION });
        }
        if manifest.bundle.contains(['/', '\\']) || manifest.bundle.starts_with('.') {
            return Err(Error::input(&manifest_path, None, format!("bad bundle name {:?}", manifest.bundle)));
        }
        let bundle_path = dir.join(&manifest.bundle);
        let bytes = std::fs::read(&bundle_path).map_err(|e| Error::io(&bundle_path, e))?;
        if bytes.len() as u64 != manifest.size {
            return Err(Error::CorruptBundle(format!(
                "{} has {} bytes but trovi.json says {}",
                bundle_path.display(),
                bytes.len(),
                manifest.size
            )));
        }
        Bundle::from_bytes(bytes)
    }
}

/// The content-hashed bundle name for a SHA-256 `digest` of its bytes.
fn file_name(digest: &[u8]) -> String {
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("index.{hex}.trovi")
}

/// The manifest of a bundle of `size` bytes named `name`.
fn manifest(header: &BundleHeader, size: u64, name: String) -> Manifest {
    Manifest {
        format_version: FORMAT_VERSION,
        bundle: name,
        size,
        documents: header.documents,
        language: header.language.clone(),
        head: Some(head_len(header, size)),
    }
}

/// Once the bundle is in place at `bundle_path`: writes the manifest that
/// names it (atomically) and removes the bundles it no longer names.
fn publish(dir: &Path, manifest: Manifest, bundle_path: PathBuf) -> Result<WrittenBundle> {
    let mut json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| Error::InvalidArgument(format!("cannot encode manifest: {e}")))?;
    json.push(b'\n');
    let manifest_path = dir.join(MANIFEST_NAME);
    write_atomic(&manifest_path, &json)?;
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("index.") && name.ends_with(".trovi") && name != manifest.bundle {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Ok(WrittenBundle { manifest_path, bundle_path, manifest })
}

/// Where the streaming writer puts the bundle's bytes: a temporary file,
/// hashed on the way.
struct Sink<'a> {
    out: std::io::BufWriter<&'a std::fs::File>,
    path: &'a Path,
    hasher: Sha256,
    written: u64,
}

impl Sink<'_> {
    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.hasher.update(bytes);
        self.written += bytes.len() as u64;
        self.out.write_all(bytes).map_err(|e| Error::io(self.path, e))
    }
}

/// Writes the bundle `layout` describes into `dir` (created if missing), and
/// then its manifest, exactly as [`Bundle::write_to_dir`] does with the same
/// bytes, without holding the bundle in memory.
///
/// `file_bytes(file, sink)` passes the `file.len` bytes of each file to
/// `sink`, in as many pieces as it likes. The bundle goes to a temporary file
/// in `dir`, hashed on the way, then is renamed to its content-hashed name.
pub(crate) fn write_streamed(
    dir: &Path,
    layout: &Layout,
    mut file_bytes: impl FnMut(&BundleFile, &mut dyn FnMut(&[u8]) -> Result<()>) -> Result<()>,
) -> Result<WrittenBundle> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    const ZEROS: [u8; 64] = [0; 64];
    let digest = {
        let out = std::io::BufWriter::with_capacity(1 << 16, tmp.as_file());
        let mut sink = Sink { out, path: tmp.path(), hasher: Sha256::new(), written: 0 };
        for piece in layout.pieces() {
            match piece {
                Piece::Head(bytes) => sink.write(bytes)?,
                Piece::Padding(mut n) => {
                    while n > 0 {
                        let step = n.min(ZEROS.len() as u64);
                        sink.write(&ZEROS[..step as usize])?;
                        n -= step;
                    }
                }
                Piece::File(file) => {
                    let before = sink.written;
                    file_bytes(file, &mut |bytes| sink.write(bytes))?;
                    if sink.written - before != file.len {
                        return Err(Error::CorruptBundle(format!(
                            "{} changed while it was packed: {} bytes instead of {}",
                            file.name,
                            sink.written - before,
                            file.len
                        )));
                    }
                }
            }
        }
        if sink.written != layout.size {
            return Err(Error::CorruptBundle(format!("wrote {} bytes of a {}-byte bundle", sink.written, layout.size)));
        }
        sink.out.flush().map_err(|e| Error::io(tmp.path(), e))?;
        sink.hasher.finalize()
    };
    let manifest = manifest(&layout.header, layout.size, file_name(digest.as_slice()));
    let bundle_path = dir.join(&manifest.bundle);
    persist(tmp, &bundle_path)?;
    publish(dir, manifest, bundle_path)
}

fn write_atomic(path: &Path, data: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    tmp.write_all(data).map_err(|e| Error::io(tmp.path(), e))?;
    persist(tmp, path)
}

/// Makes a fully written temporary file durable and renames it to `path`.
fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> Result<()> {
    tmp.as_file().sync_all().map_err(|e| Error::io(tmp.path(), e))?;
    // Temporary files are private (0600); an index is meant to be served.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))
            .map_err(|e| Error::io(tmp.path(), e))?;
    }
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}
