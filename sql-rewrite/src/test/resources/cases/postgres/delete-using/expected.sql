DELETE FROM visits USING patients p WHERE p.id = visits.patient_id AND p.id = ?
