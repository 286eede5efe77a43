SELECT notes FROM patients
