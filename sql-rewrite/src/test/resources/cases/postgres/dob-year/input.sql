SELECT dob, email, zip FROM patients WHERE id = ?
