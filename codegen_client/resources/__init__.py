"""One module per namespace of the client; each holds the sync class and its async twin."""
