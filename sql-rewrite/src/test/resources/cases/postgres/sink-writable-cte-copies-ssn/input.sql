WITH moved AS (INSERT INTO staff (id, name) SELECT id, ssn FROM patients RETURNING id) SELECT count(*) FROM moved
