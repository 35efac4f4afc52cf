"""Pure geometry: text measurement and wrapping, the mind-map layout as frozen positioned boxes; draws nothing."""
