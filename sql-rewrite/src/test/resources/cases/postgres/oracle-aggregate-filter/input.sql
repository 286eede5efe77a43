SELECT count(*) FILTER (WHERE ssn LIKE '1%') FROM patients
