"""The Transitions tab: moves, profile, travel plan, settling in, the handover pack and disclosures."""
