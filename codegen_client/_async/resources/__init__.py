"""One module per namespace of the client (async source of ``codegen_client/_sync/resources``)."""
