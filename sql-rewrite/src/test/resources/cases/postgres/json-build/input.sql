SELECT json_build_object('ssn', ssn, 'id', id) FROM patients
