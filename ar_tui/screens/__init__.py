"""One module per transaction code; screens call services and never write SQL."""
