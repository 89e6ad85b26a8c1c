"""Read-side queries: each module builds what one area of the shop shows, from the ORM."""
