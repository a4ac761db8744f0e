//! Who did what to whom: CAMEO/PLOVER event coding.

pub mod petrarch;
