//! `gazette-bench`: the archive-scale benchmark (see docs/SCALE.md).

mod engine;
mod workload;

fn main() -> anyhow::Result<()> {
    Ok(())
}
