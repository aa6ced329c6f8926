"""Pure business rules and models: no I/O and nothing else of ours."""
