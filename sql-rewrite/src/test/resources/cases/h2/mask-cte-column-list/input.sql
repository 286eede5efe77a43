WITH x(a, b) AS (SELECT id, zip FROM patients) SELECT b FROM x
