SELECT * FROM patient_export
