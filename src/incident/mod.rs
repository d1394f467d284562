//! The resolution workflow's pure core: the seven steps and root causes, rule checks
//! before writes, message lint, templates, reroute options and compensation. Plain
//! functions over plain data and a `now` passed in.
