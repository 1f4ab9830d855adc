"""The slots as OpenAgenda events: the bodies, and the file that holds them."""
