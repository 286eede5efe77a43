SELECT upper(mrn) FROM patients
