SELECT pg_read_file('/var/lib/postgresql/data/base')
