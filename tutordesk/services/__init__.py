"""Use cases, one module per area: plain functions taking a unit of work and returning DTOs. No Qt."""
