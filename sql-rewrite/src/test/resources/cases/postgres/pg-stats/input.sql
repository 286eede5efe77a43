SELECT * FROM pg_stats WHERE tablename = 'patients'
