//! The query language: parsing ([`parser`]), limits, and building tantivy queries ([`build`]).

pub mod ast;
pub mod build;
pub mod dates;
pub mod exclusion;
pub mod fielded;
pub mod limits;
pub mod parser;
pub mod tuning;

use crate::IndexError;
use crate::request::QueryMode;
use ast::Node;
use limits::{MAX_LEAVES, MAX_QUERY_BYTES};

/// Parses the `q` of a request; empty text is an empty conjunction (match all).
pub fn parse_request(q: &str, mode: QueryMode) -> Result<Node, IndexError> {
    if q.len() > MAX_QUERY_BYTES {
        return Err(IndexError::bad_query(format!(
            "the query is {} bytes long; the limit is {MAX_QUERY_BYTES}",
            q.len()
        )));
    }
    if q.trim().is_empty() {
        return Ok(Node::And(Vec::new()));
    }
    let node = match mode {
        QueryMode::Simple => parser::parse_simple(q),
        QueryMode::Query => parser::parse(q)?,
    };
    let leaves = node.leaf_count();
    if leaves > MAX_LEAVES {
        return Err(IndexError::bad_query(format!(
            "the query has {leaves} terms; the limit is {MAX_LEAVES}"
        )));
    }
    Ok(node)
}
