CALL refresh_stats(1)
