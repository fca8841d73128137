"""The skill matrix: people × skills as a heat map, and a person's T-shape."""
