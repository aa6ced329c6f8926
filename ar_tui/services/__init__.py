"""Use cases: one function per business action, one transaction each, permission and audit."""
