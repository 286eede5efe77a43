SELECT * FROM information_schema.statistics WHERE table_name = 'patients'
