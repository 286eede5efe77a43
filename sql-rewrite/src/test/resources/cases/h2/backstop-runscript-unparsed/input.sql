RUNSCRIPT FROM '/tmp/evil.sql'
