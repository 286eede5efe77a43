SELECT id FROM patients WHERE mrn = ?
