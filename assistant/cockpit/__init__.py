"""The simulated car: state contract, handlers, safety policy and dialogue context."""
