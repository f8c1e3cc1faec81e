"""Generic widgets and bases every workflow's screens share; no workflow of its own."""
