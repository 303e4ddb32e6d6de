"""The tables revision 0001 creates, split by area (see each module)."""
