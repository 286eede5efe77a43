SELECT mrn AS record_no, id FROM patients
