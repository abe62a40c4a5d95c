//! gazette: a search engine for an archive of policy news.

mod demo;
mod server;
mod web;

fn main() {}
