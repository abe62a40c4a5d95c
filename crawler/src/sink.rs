//! Where finished articles go.

use gazette_article::Article;

use crate::error::SinkError;

/// Receives articles; the binary implements it over the index writer.
///
/// `flush` must make every article handed over so far durable (an index commit). The
/// crawler marks URLs done in its own state only after a successful flush, so a kill at
/// any moment loses nothing; re-delivery after a crash is harmless because the index
/// upserts by [`Article::id`].
///
/// ```
/// use gazette_crawler::{ArticleSink, SinkError};
/// #[derive(Default)]
/// struct Memory(std::collections::BTreeMap<String, gazette_article::Article>);
/// impl ArticleSink for Memory {
///     fn put(&mut self, a: gazette_article::Article) -> Result<(), SinkError> {
///         self.0.insert(a.id.clone(), a);
///         Ok(())
///     }
///     fn flush(&mut self) -> Result<(), SinkError> { Ok(()) }
/// }
/// ```
pub trait ArticleSink: Send {
    /// Hands over a new or updated article (an upsert by id).
    fn put(&mut self, article: Article) -> Result<(), SinkError>;
    /// Makes everything handed over so far durable.
    fn flush(&mut self) -> Result<(), SinkError>;
}
