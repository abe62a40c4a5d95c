//! The HTTP server: JSON API, middleware, shared state.
