SELECT string_agg(ssn, ',') FROM patients
