"""The territory: referential (COG), organisations and their graph, portals."""
