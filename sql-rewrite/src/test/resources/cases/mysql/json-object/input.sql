SELECT JSON_OBJECT('s', ssn) FROM patients
