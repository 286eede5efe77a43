SELECT @x := ssn FROM patients
