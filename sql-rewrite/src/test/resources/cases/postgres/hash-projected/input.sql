SELECT mrn, id FROM patients
