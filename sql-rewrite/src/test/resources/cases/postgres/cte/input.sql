WITH x AS (SELECT id, ssn FROM patients) SELECT ssn FROM x
