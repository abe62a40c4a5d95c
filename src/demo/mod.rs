//! The bundled sample news site served by `gazette demo`.
