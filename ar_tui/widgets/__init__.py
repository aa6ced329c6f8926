"""The green-screen parts: title line, fields, command line, message line, PF-key line."""
