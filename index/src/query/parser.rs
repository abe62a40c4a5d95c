//! A hand-written recursive-descent parser for the query language.
//!
//! Why not tantivy's own parser: gazette needs messages that point at the
//! character at fault, the all-capitals rule, fielded terms that map to facet
//! keys, and control over how long queries are relaxed; tantivy's parser gives
//! none of these. The grammar:
//!
//! ```text
//! query   := or
//! or      := and ("OR" and)*
//! and     := unary (("AND")? unary)*
//! unary   := "-" primary | "NOT" unary | "+" primary | primary
//! primary := "(" or ")" | phrase | field ":" (word | phrase | "(" or ")" | range) | word
//! phrase  := '"' chars '"' ("~" digits)?
//! range   := ("[" | "{") date "TO" date ("]" | "}")      (dates: YYYY, YYYY-MM, YYYY-MM-DD or *)
//! ```
//!
//! `AND`, `OR`, `NOT` and `TO` are operators only in upper case, and only when
//! the query is not written all in capitals: in `TALKS BETWEEN SPAIN AND
//! MOROCCO` every word is a word. An all-capitals query is never rejected: if
//! it does not parse (a stray quote or bracket in wire copy), its words are
//! searched as plain words.

use super::ast::{Node, QueryField};
use super::dates::{parse_date_range, parse_period};
use super::limits::{MAX_DEPTH, MAX_SLOP};
use crate::IndexError;

/// Parses query-language text.
pub fn parse(input: &str) -> Result<Node, IndexError> {
    let all_caps = is_all_capitals(input);
    let mut parser = Parser {
        input,
        pos: 0,
        operators: !all_caps,
        depth: 0,
    };
    match parser.parse_top() {
        Ok(node) => Ok(node),
        Err(_) if all_caps => Ok(parse_simple(input)),
        Err(err) => Err(err),
    }
}

/// Reads the text as plain words: no operator, field, phrase or group.
pub fn parse_simple(input: &str) -> Node {
    Node::And(
        input
            .split_whitespace()
            .map(|w| Node::Word {
                text: w.to_string(),
                field: None,
            })
            .collect(),
    )
}

/// True when the text has letters and none of them is lower case.
pub fn is_all_capitals(input: &str) -> bool {
    input.chars().any(char::is_alphabetic) && !input.chars().any(char::is_lowercase)
}

struct Parser<'a> {
    input: &'a str,
    pos: usize,
    /// False for all-capitals queries: AND/OR/NOT/TO are words.
    operators: bool,
    depth: usize,
}

fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '(' | ')' | '"')
}

impl<'a> Parser<'a> {
    fn parse_top(&mut self) -> Result<Node, IndexError> {
        let node = self.parse_or()?;
        self.skip_ws();
        if let Some(c) = self.peek() {
            // parse_or only stops early at a ')' it cannot match.
            return Err(self.error(format!(
                "unbalanced parenthesis: '{c}' at position {} has no matching '('",
                self.pos + 1
            )));
        }
        Ok(node)
    }

    fn rest(&self) -> &'a str {
        self.input.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    fn error(&self, message: String) -> IndexError {
        IndexError::bad_query(message)
    }

    /// True (and consumes it) when the next token is the operator `op`.
    fn eat_operator(&mut self, op: &str) -> bool {
        if !self.operators {
            return false;
        }
        let rest = self.rest();
        let after = rest.get(op.len()..).and_then(|s| s.chars().next());
        if rest.starts_with(op) && after.is_none_or(|c| c.is_whitespace() || c == '(' || c == '"') {
            self.pos += op.len();
            true
        } else {
            false
        }
    }

    fn at_operator(&self, op: &str) -> bool {
        let mut probe = Parser {
            input: self.input,
            pos: self.pos,
            operators: self.operators,
            depth: 0,
        };
        probe.eat_operator(op)
    }

    fn parse_or(&mut self) -> Result<Node, IndexError> {
        let mut items = vec![self.parse_and()?];
        loop {
            self.skip_ws();
            let op_pos = self.pos;
            if !self.eat_operator("OR") {
                break;
            }
            self.skip_ws();
            if self.peek().is_none() || self.peek() == Some(')') || self.at_operator("OR") {
                return Err(self.error(format!(
                    "'OR' at position {} needs a term after it",
                    op_pos + 1
                )));
            }
            items.push(self.parse_and()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::Or(items)
        })
    }

    fn parse_and(&mut self) -> Result<Node, IndexError> {
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None | Some(')') => break,
                _ if self.at_operator("OR") => {
                    if items.is_empty() {
                        return Err(self.error(format!(
                            "'OR' at position {} needs a term before it",
                            self.pos + 1
                        )));
                    }
                    break;
                }
                _ => {}
            }
            let op_pos = self.pos;
            if self.eat_operator("AND") {
                self.skip_ws();
                if items.is_empty()
                    || matches!(self.peek(), None | Some(')'))
                    || self.at_operator("OR")
                {
                    return Err(self.error(format!(
                        "'AND' at position {} needs a term on each side",
                        op_pos + 1
                    )));
                }
                continue;
            }
            items.push(self.parse_unary()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::And(items)
        })
    }

    fn parse_unary(&mut self) -> Result<Node, IndexError> {
        let start = self.pos;
        if self.eat_operator("NOT") {
            self.skip_ws();
            if matches!(self.peek(), None | Some(')')) {
                return Err(self.error(format!(
                    "'NOT' at position {} needs a term after it",
                    start + 1
                )));
            }
            return Ok(Node::Not(Box::new(self.nested(Self::parse_unary)?)));
        }
        let rest = self.rest();
        let mut chars = rest.chars();
        let first = chars.next();
        let second = chars.next();
        match (first, second) {
            (Some('-'), Some(c)) if !c.is_whitespace() && c != '-' => {
                self.bump();
                Ok(Node::Not(Box::new(self.parse_primary()?)))
            }
            (Some('+'), Some(c)) if !c.is_whitespace() && c != '+' => {
                self.bump();
                self.parse_primary()
            }
            _ => self.parse_primary(),
        }
    }

    /// Runs `f` one nesting level deeper, refusing absurd depth.
    fn nested(&mut self, f: fn(&mut Self) -> Result<Node, IndexError>) -> Result<Node, IndexError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(format!(
                "the query nests deeper than {MAX_DEPTH} levels at position {}",
                self.pos + 1
            )));
        }
        self.depth += 1;
        let node = f(self);
        self.depth -= 1;
        node
    }

    fn parse_primary(&mut self) -> Result<Node, IndexError> {
        match self.peek() {
            Some('(') => self.parse_group(None),
            Some('"') => self.parse_phrase(None),
            Some(')') => Err(self.error(format!(
                "unbalanced parenthesis: ')' at position {} has no matching '('",
                self.pos + 1
            ))),
            _ => self.parse_word(),
        }
    }

    fn parse_group(&mut self, field: Option<QueryField>) -> Result<Node, IndexError> {
        let open = self.pos;
        self.bump();
        let inner = self.nested(Self::parse_or)?;
        self.skip_ws();
        if self.peek() != Some(')') {
            return Err(self.error(format!(
                "unbalanced parenthesis: '(' at position {} is never closed",
                open + 1
            )));
        }
        self.bump();
        Ok(match field {
            Some(field) => apply_field(inner, field),
            None => inner,
        })
    }

    fn parse_phrase(&mut self, field: Option<QueryField>) -> Result<Node, IndexError> {
        let open = self.pos;
        self.bump();
        let body_start = self.pos;
        let Some(len) = self.rest().find('"') else {
            return Err(self.error(format!(
                "unclosed quote: the '\"' at position {} has no closing '\"'",
                open + 1
            )));
        };
        let text = self.rest()[..len].to_string();
        self.pos = body_start + len + 1;
        let mut slop = 0;
        if self.peek() == Some('~') {
            let tilde = self.pos;
            self.bump();
            let digits: String = self
                .rest()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            self.pos += digits.len();
            slop = digits.parse::<u32>().ok().filter(|s| *s <= MAX_SLOP).ok_or_else(|| {
                self.error(format!(
                    "'~' at position {} must be followed by a proximity from 0 to {MAX_SLOP}, as in \"a b\"~3",
                    tilde + 1
                ))
            })?;
        }
        Ok(Node::Phrase { text, slop, field })
    }

    fn parse_word(&mut self) -> Result<Node, IndexError> {
        let start = self.pos;
        let len: usize = self
            .rest()
            .chars()
            .take_while(|c| is_word_char(*c))
            .map(char::len_utf8)
            .sum();
        let word = &self.input[start..start + len];
        self.pos += len;
        if let Some((name, value)) = word.split_once(':') {
            if let Some(field) = QueryField::from_name(name).filter(|_| self.operators) {
                return self.parse_fielded(field, name, value, start);
            }
            let looks_like_field = !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
                && !value.is_empty()
                && !value.starts_with('/');
            if looks_like_field && self.operators {
                return Err(self.error(format!(
                    "unknown field '{name}' in '{word}' at position {}; fields are {}",
                    start + 1,
                    QueryField::NAMES
                )));
            }
        }
        Ok(Node::Word {
            text: word.to_string(),
            field: None,
        })
    }

    fn parse_fielded(
        &mut self,
        field: QueryField,
        name: &str,
        value: &str,
        start: usize,
    ) -> Result<Node, IndexError> {
        if value.is_empty() {
            return match self.peek() {
                Some('"') if field != QueryField::Published => self.parse_phrase(Some(field)),
                Some('(') if field != QueryField::Published => self.parse_group(Some(field)),
                _ => Err(self.error(format!(
                    "'{name}:' at position {} needs a value right after the colon, as in {name}:value",
                    start + 1
                ))),
            };
        }
        if field != QueryField::Published {
            return Ok(Node::Word {
                text: value.to_string(),
                field: Some(field),
            });
        }
        if value.starts_with('[') || value.starts_with('{') {
            return self.parse_range(start + name.len() + 1);
        }
        let period = parse_period(value).ok_or_else(|| {
            self.error(format!(
                "'{value}' at position {} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD",
                start + name.len() + 2
            ))
        })?;
        Ok(Node::DateRange {
            from: Some(period.first),
            to: Some(period.last),
        })
    }

    /// `[a TO b]` starting at byte `open` (the word scan already consumed part of it).
    fn parse_range(&mut self, open: usize) -> Result<Node, IndexError> {
        self.pos = open;
        let (node, consumed) = parse_date_range(self.rest(), open)?;
        self.pos += consumed;
        Ok(node)
    }
}

/// `title:(a OR b)`: the field applies to every unfielded word and phrase inside.
fn apply_field(node: Node, field: QueryField) -> Node {
    match node {
        Node::Word { text, field: None } => Node::Word {
            text,
            field: Some(field),
        },
        Node::Phrase {
            text,
            slop,
            field: None,
        } => Node::Phrase {
            text,
            slop,
            field: Some(field),
        },
        Node::Not(inner) => Node::Not(Box::new(apply_field(*inner, field))),
        Node::And(items) => Node::And(items.into_iter().map(|n| apply_field(n, field)).collect()),
        Node::Or(items) => Node::Or(items.into_iter().map(|n| apply_field(n, field)).collect()),
        other => other,
    }
}
