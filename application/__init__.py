"""Use cases over the domain: load, command, save; and the ports the outside must provide."""
