Include "/dev/*"
