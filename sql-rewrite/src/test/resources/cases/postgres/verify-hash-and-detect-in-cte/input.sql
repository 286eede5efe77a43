WITH x AS (SELECT mrn, notes FROM patients) SELECT notes, mrn FROM x
