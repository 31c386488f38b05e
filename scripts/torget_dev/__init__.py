"""Development support for tests and benchmarks: a local host like the deployed one and forums from the corpus."""
