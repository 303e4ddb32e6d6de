"""An edited lead sheet coming back: reading, checking and applying it."""
