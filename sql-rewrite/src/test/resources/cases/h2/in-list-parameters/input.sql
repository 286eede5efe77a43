SELECT id, zip FROM patients WHERE id IN (?, ?, ?)
