"""Running the platform: web server, task worker, demo territory."""
