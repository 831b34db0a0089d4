//! Exports: catalog data in the shapes other systems accept. One module per target.

pub mod glue;
