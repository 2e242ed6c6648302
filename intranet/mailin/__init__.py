"""Mail in: posting addresses, reading real-world mail, and the SMTP/LMTP listener."""
