WITH x AS (SELECT * FROM patients) SELECT ssn FROM x
