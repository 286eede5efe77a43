WITH x AS (SELECT id, email FROM patients) SELECT email FROM x
