"""Looking after the data: backups, integrity, erasure, retention, copies between files and servers, team roles."""
