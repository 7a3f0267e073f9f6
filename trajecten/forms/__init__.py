"""Forms of the trajecten app, one module per area (like views/)."""
