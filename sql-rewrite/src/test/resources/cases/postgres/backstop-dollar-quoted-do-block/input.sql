DO $$ BEGIN PERFORM ssn FROM patients; END $$
