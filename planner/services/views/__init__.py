"""What the lists and the dashboard show: listing rows, the one filter, search, dashboard figures."""
