//! PETRARCH/TABARI dictionary import and the PETRARCH conformance runner.
