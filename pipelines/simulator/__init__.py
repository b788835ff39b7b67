"""A deterministic market simulator: any trading day's data from a fixed origin, the same whatever
range it is generated in."""
