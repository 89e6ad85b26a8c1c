"""Shop views, one module per area (catalogue, cart, checkout). Views stay thin: parse, select, render."""
