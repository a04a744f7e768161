"""The inbound channels, one package each: rest/, soap/, h2h/; http/ is what they share."""
