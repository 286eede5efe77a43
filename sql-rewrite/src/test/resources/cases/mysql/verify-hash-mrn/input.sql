SELECT mrn FROM patients
