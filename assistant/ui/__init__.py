"""What people look at: the live cockpit panel."""
