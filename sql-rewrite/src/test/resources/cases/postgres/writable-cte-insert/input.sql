WITH n AS (INSERT INTO staff (id, name) SELECT id, ssn FROM patients RETURNING id) SELECT id FROM n
