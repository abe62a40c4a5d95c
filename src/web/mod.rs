//! The server-rendered web page for journalists.
